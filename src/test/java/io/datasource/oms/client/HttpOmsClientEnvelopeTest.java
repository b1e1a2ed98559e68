package io.datasource.oms.client;

import static io.datasource.oms.client.Requests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datasource.oms.simulator.CostShape;
import io.datasource.oms.simulator.EnvelopeCasing;
import io.datasource.oms.simulator.OmsSimulator;
import org.junit.jupiter.api.Test;

/** Tolerant envelope parsing (OMS-API.md, calling convention). */
class HttpOmsClientEnvelopeTest {

  @Test
  void parsesPascalCaseEnvelopeWithNumericCost() {
    try (OmsSimulator sim = Requests.simulator()
        .envelopeCasing(EnvelopeCasing.PASCAL).costShape(CostShape.NUMBER).start()) {
      HttpOmsClient client = Requests.client(sim);

      CreateResult created = client.createPolarDbxDataSource(create("ds1"));
      ListResult listed = client.listDataSources("ds1");
      OmsException rejected = catchThrowableOfType(OmsException.class,
          () -> client.createPolarDbxDataSource(create("ds1")));

      assertThat(Requests.last(sim).body()).isNotNull();
      assertThat(created.id()).matches("e_[a-z0-9]+");
      assertThat(created.cost()).matches("\\d+");
      assertThat(created.requestId()).isNotBlank();
      assertThat(listed.dataSources()).singleElement().satisfies(r -> {
        assertThat(r.id()).isEqualTo(created.id());
        assertThat(r.name()).isEqualTo("ds1");
        assertThat(r.userName()).isEqualTo("migrator");
        assertThat(r.ip()).isEqualTo("10.0.0.9");
        assertThat(r.port()).isEqualTo(3306);
        assertThat(r.region()).isEqualTo("cn-anhui");
        assertThat(r.gmtCreate()).isNotBlank();
      });
      assertThat(rejected).isInstanceOf(OmsException.Rejected.class);
      assertThat(rejected.error().code()).isEqualTo("PARAM_ERROR");
      assertThat(rejected.error().errorDetail()).containsKey("Code");
    }
  }

  @Test
  void keepsTextCostAsOpaqueTextAndTrimsThePaddedId() {
    try (OmsSimulator sim = Requests.simulator().costShape(CostShape.TEXT_MS).paddedIds(true).start()) {
      CreateResult created = Requests.client(sim).createPolarDbxDataSource(create("ds1"));

      assertThat(created.cost()).matches("\\d+ ms");
      assertThat(created.id()).isEqualTo(sim.dataSources().get(0).id()).doesNotContain(" ");
    }
  }

  @Test
  void ignoresUnknownFieldsAndMixedCaseAndReadsNumbersAsText() {
    String answer = "{\"SUCCESS\":true,\"requestid\":\" r-1 \",\"Cost\":0.027,\"DATA\":\"  e_edz12  \","
        + "\"brandNew\":{\"nested\":[1,2]},\"errorDetail\":null}";
    try (CannedOms oms = CannedOms.answering(answer)) {
      CreateResult r = new HttpOmsClient(Requests.settings(oms.baseUrl())).createPolarDbxDataSource(create("ds1"));

      assertThat(r).isEqualTo(new CreateResult("e_edz12", "r-1", "0.027"));
    }
  }

  @Test
  void takesCodeMessageAndRequestIdFromErrorDetailWhenTopLevelIsEmpty() {
    String answer = "{\"success\":false,\"errorDetail\":{\"code\":\"SOME_CODE\",\"message\":\"数据源名称非法\","
        + "\"requestId\":\"r-9\",\"messageMcmsKey\":\"k\",\"messageMcmsContext\":{\"a\":1}}}";
    try (CannedOms oms = CannedOms.answering(answer)) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).createPolarDbxDataSource(create("ds1")));

      assertThat(e).isInstanceOf(OmsException.Rejected.class);
      assertThat(e.error().code()).isEqualTo("SOME_CODE");
      assertThat(e.error().message()).isEqualTo("数据源名称非法");
      assertThat(e.requestId()).isEqualTo("r-9");
      assertThat(e.error().errorDetail()).containsKeys("messageMcmsKey", "messageMcmsContext");
    }
  }

  @Test
  void successFalseOnHttp200IsAFailureEvenWithData() {
    String answer = "{\"success\":false,\"code\":\"X\",\"message\":\"no\",\"data\":\"e_abc\"}";
    try (CannedOms oms = CannedOms.answering(answer)) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).createPolarDbxDataSource(create("ds1")));

      assertThat(e).isInstanceOf(OmsException.Rejected.class);
      assertThat(e.error().httpStatus()).isEqualTo(200);
    }
  }

  @Test
  void successAsTextIsUnderstood() {
    String answer = "{\"success\":\"true\",\"data\":\"e_abc\"}";
    try (CannedOms oms = CannedOms.answering(answer)) {
      CreateResult r = new HttpOmsClient(Requests.settings(oms.baseUrl())).createPolarDbxDataSource(create("ds1"));

      assertThat(r.id()).isEqualTo("e_abc");
    }
  }

  @Test
  void blankOrMissingDataOnCreateIsTransient() {
    for (String data : new String[] {"\"   \"", "null", "\"\""}) {
      try (CannedOms oms = CannedOms.answering("{\"success\":true,\"requestId\":\"r-5\",\"data\":" + data + "}")) {
        OmsException e = catchThrowableOfType(OmsException.class,
            () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).createPolarDbxDataSource(create("ds1")));

        assertThat(e).as("data=%s", data).isInstanceOf(OmsException.Transient.class);
        assertThat(e.requestId()).isEqualTo("r-5");
      }
    }
  }

  @Test
  void anAnswerThatIsNotAnEnvelopeIsTransient() {
    try (CannedOms oms = CannedOms.answering("<html>login</html>")) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).listDataSources(null));

      assertThat(e).isInstanceOf(OmsException.Transient.class);
    }
  }

  @Test
  void postsJsonToTheV2PathWithTheActionInTheQuery() {
    try (CannedOms oms = CannedOms.answering("{\"success\":true,\"data\":null}")) {
      new HttpOmsClient(Requests.settings(oms.baseUrl())).deleteDataSource(" e_abc ");

      assertThat(oms.requests()).containsExactly("Action=DeleteDataSource {\"id\":\"e_abc\"}");
    }
  }
}

package io.datasource.oms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark's reading of {@code jcmd GC.heap_info} (JDK 17's format, per collector). */
class OperatorProcessTest {

  @Test
  void g1HeapIsItsOneHeapLineWithoutMetaspace() {
    String info = """
        12345:
         garbage-first heap   total 397312K, used 4675K [0x0000000687400000, 0x0000000800000000)
          region size 4096K, 1 young (4096K), 0 survivors (0K)
         Metaspace       used 52K, committed 128K, reserved 1114112K
          class space    used 1K, committed 64K, reserved 1048576K
        """;
    assertThat(OperatorProcess.heapUsedKib(info)).isEqualTo(4675);
  }

  @Test
  void serialHeapIsTheSumOfBothGenerationsWithoutMetaspace() {
    String info = """
        12345:
         def new generation   total 116160K, used 6198K [0x0000000687400000, 0x000000068f200000, 0x0000000704d50000)
          eden space 103296K,   6% used [0x0000000687400000, 0x0000000687a0d8a0, 0x000000068d8e0000)
          from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)
          to   space 12864K,   0% used [0x000000068e570000, 0x000000068e570000, 0x000000068f200000)
         tenured generation   total 258048K, used 120000K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
           the space 258048K,  46% used [0x0000000704d50000, 0x0000000704d50000, 0x0000000704d50200, 0x0000000714950000)
         Metaspace       used 101K, committed 192K, reserved 1114112K
          class space    used 2K, committed 64K, reserved 1048576K
        """;
    assertThat(OperatorProcess.heapUsedKib(info)).isEqualTo(6198 + 120000);
  }

  @Test
  void outputWithoutAHeapLineIsRefused() {
    assertThatThrownBy(() -> OperatorProcess.heapUsedKib("12345:\nNo such process\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the heap");
  }
}

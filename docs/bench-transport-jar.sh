#!/bin/sh
# Builds the operator jar of HEAD with another Kubernetes HTTP transport, for
# `bench --jar` (docs/BENCHMARKS.md, "The HTTP transport"). Never part of the product build.
#
#   docs/bench-transport-jar.sh okhttp /tmp/op-okhttp.jar
#   docs/bench-transport-jar.sh vertx  /tmp/op-vertx.jar
#
# It copies HEAD into a temporary directory, makes OperatorMain name that transport's factory
# instead of JdkHttpClientFactory, adds io.fabric8:kubernetes-httpclient-<transport> (the version
# of the Fabric8 BOM) next to kubernetes-httpclient-jdk (the sandbox and the benchmark keep the
# JDK client), and runs `mvn package -DskipTests` there.
set -eu
transport=$1
out=$2
case $transport in
  okhttp) factory=io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory ;;
  vertx) factory=io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory ;;
  *) echo "usage: $0 okhttp|vertx OUTPUT.jar" >&2; exit 2 ;;
esac
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$repo" archive HEAD | tar -x -C "$work"
main=$work/src/main/java/io/datasource/oms/OperatorMain.java
sed -i "s/import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;/import $factory;/; s/new JdkHttpClientFactory()/new ${factory##*.}()/" "$main"
grep -q "new ${factory##*.}()" "$main"
# The dependency goes after the one on kubernetes-httpclient-jdk.
sed -i "/<artifactId>kubernetes-httpclient-jdk<\/artifactId>/{n;s|</dependency>|</dependency>\n    <dependency>\n      <groupId>io.fabric8</groupId>\n      <artifactId>kubernetes-httpclient-$transport</artifactId>\n    </dependency>|}" "$work/pom.xml"
grep -q "<artifactId>kubernetes-httpclient-$transport</artifactId>" "$work/pom.xml"
(cd "$work" && mvn -B -ntp -q package -DskipTests)
cp "$work/target/oms-datasource-operator.jar" "$out"
echo "$out: HEAD $(git -C "$repo" rev-parse --short HEAD) with $factory"

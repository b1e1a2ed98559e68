#!/bin/sh
# Builds the operator jar of HEAD with another Kubernetes HTTP transport, for
# `bench --jar` (docs/BENCHMARKS.md, "The HTTP transport"). Never part of the product build.
#
#   docs/bench-transport-jar.sh jdk   /tmp/op-jdk.jar
#   docs/bench-transport-jar.sh vertx /tmp/op-vertx.jar
#
# It copies HEAD into a temporary directory, makes OperatorMain name that transport's factory
# instead of OkHttpClientFactory (the shipped one), adds io.fabric8:kubernetes-httpclient-<transport>
# (the version of the Fabric8 BOM) next to kubernetes-httpclient-okhttp (the sandbox and the
# benchmark keep OkHttp), and runs `mvn package -DskipTests` there.
set -eu
transport=$1
out=$2
case $transport in
  jdk) factory=io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory ;;
  vertx) factory=io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory ;;
  *) echo "usage: $0 jdk|vertx OUTPUT.jar" >&2; exit 2 ;;
esac
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$repo" archive HEAD | tar -x -C "$work"
main=$work/src/main/java/io/datasource/oms/OperatorMain.java
sed -i "s/import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;/import $factory;/; s/new OkHttpClientFactory()/new ${factory##*.}()/" "$main"
grep -q "new ${factory##*.}()" "$main"
# The dependency goes after the one on kubernetes-httpclient-okhttp.
sed -i "/<artifactId>kubernetes-httpclient-okhttp<\/artifactId>/{n;s|</dependency>|</dependency>\n    <dependency>\n      <groupId>io.fabric8</groupId>\n      <artifactId>kubernetes-httpclient-$transport</artifactId>\n    </dependency>|}" "$work/pom.xml"
grep -q "<artifactId>kubernetes-httpclient-$transport</artifactId>" "$work/pom.xml"
(cd "$work" && mvn -B -ntp -q package -DskipTests)
cp "$work/target/oms-datasource-operator.jar" "$out"
echo "$out: HEAD $(git -C "$repo" rev-parse --short HEAD) with $factory"

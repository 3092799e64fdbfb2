# run_model_main HEAP CLASS [ARGS...]: builds recommender-model (unless SKIP_BUILD=1) and runs one of
# its bench mains (test scope, dev.recsys.model.bench) with DJL offline.
run_model_main() {
    local heap="$1" main="$2"
    shift 2
    export DJL_OFFLINE=true OPT_OUT_TRACKING=true
    [ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests install -pl sample-data,recommender-model -am
    local classpath_file
    classpath_file=$(mktemp)
    mvn -B -q -Dstyle.color=never dependency:build-classpath -pl recommender-model -Dmdep.includeScope=test \
        -Dmdep.outputFile="$classpath_file"
    local cp="recommender-model/target/classes:recommender-model/target/test-classes:$(cat "$classpath_file")"
    rm -f "$classpath_file"
    java "-Xmx$heap" ${JAVA_OPTS:-} -XX:+ExitOnOutOfMemoryError -cp "$cp" "dev.recsys.model.bench.$main" "$@"
}

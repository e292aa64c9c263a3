#!/usr/bin/env bash
# Starts the whole resellhub stack on this machine: PostgreSQL, Kafka, the BILLmanager simulator and the
# four services (see io.resellhub.launcher.LocalStack; --help lists the settings). Ctrl-C stops everything.
#
#   deploy/local/run.sh             build first if a service or the launcher is not built yet, then start
#   deploy/local/run.sh --rebuild   always build first (./mvnw -B -DskipTests package)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

launcher_dir=deploy/local/launcher/target
launcher_jar="$launcher_dir/local-launcher-1.0.0-SNAPSHOT.jar"
services=(module-service tariff-service reselling-service gateway)
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"

rebuild=false
help=false
args=()
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=true ;;
    --help|-h) help=true; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

if [[ "$help" == true && -f "$launcher_jar" ]]; then
  exec "$java_cmd" -cp "$launcher_jar:$launcher_dir/lib/*" io.resellhub.launcher.LocalStack ${args[@]+"${args[@]}"}
fi

if [[ "$rebuild" == false ]]; then
  for service in "${services[@]}"; do
    if [[ ! -f "$service/target/quarkus-app/quarkus-run.jar" ]]; then
      echo "run.sh: $service/target/quarkus-app/quarkus-run.jar is missing"
      rebuild=true
    fi
  done
  if [[ ! -f "$launcher_jar" ]]; then
    echo "run.sh: $launcher_jar is missing"
    rebuild=true
  fi
fi

if [[ "$rebuild" == true ]]; then
  echo "run.sh: building: ./mvnw -B -DskipTests package (takes a few minutes the first time)"
  ./mvnw -B -DskipTests package
fi

exec "$java_cmd" -cp "$launcher_jar:$launcher_dir/lib/*" io.resellhub.launcher.LocalStack --root "$root" ${args[@]+"${args[@]}"}

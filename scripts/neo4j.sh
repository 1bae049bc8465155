#!/usr/bin/env bash
# A local Neo4j Community 5.26 LTS for development and CI, assembled from Maven
# Central (no Docker, no download from neo4j.com).
#
#   scripts/neo4j.sh start    build if needed, start, wait until Bolt answers
#   scripts/neo4j.sh stop     stop cleanly (waits for the JVM to exit)
#   scripts/neo4j.sh status   say whether it runs
#   scripts/neo4j.sh wipe     stop and delete its data
#
# Everything lives in $STAKEGRAPH_NEO4J_DIR (default: .neo4j/ in the repo):
# lib/ (the jars, copied from Maven's cache ~/.m2, so a second build is offline),
# classes/, data/, neo4j.log, neo4j.pid.
# Settings: STAKEGRAPH_NEO4J_PORT (7687), NEO4J_PASSWORD (stakegraph-dev),
# STAKEGRAPH_NEO4J_HEAP (6g), STAKEGRAPH_NEO4J_PAGECACHE_MB (512).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
dir=${STAKEGRAPH_NEO4J_DIR:-$repo/.neo4j}
port=${STAKEGRAPH_NEO4J_PORT:-7687}
password=${NEO4J_PASSWORD:-stakegraph-dev}
heap=${STAKEGRAPH_NEO4J_HEAP:-6g}  # transaction memory is limited to 70% of it: the 550k-row benchmark import needs over 2.8 GB
pagecache=${STAKEGRAPH_NEO4J_PAGECACHE_MB:-512}
pidfile=$dir/neo4j.pid
log=$dir/neo4j.log

say() { printf 'neo4j: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

bolt_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

build() {
  mkdir -p "$dir"
  local stamp="$dir/lib/.built-from"
  local want
  want=$(cat "$here/neo4j/pom.xml" "$here/neo4j/src/StakegraphNeo4j.java" | sha256sum | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dir/classes/StakegraphNeo4j.class" ]; then
    return 0
  fi
  command -v java >/dev/null || die "java not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
  command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven)"
  say "resolving Neo4j 5.26 from Maven Central (first time only; cached in ~/.m2)..."
  rm -rf "$dir/lib" "$dir/classes"
  mvn -q -B -f "$here/neo4j/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$dir/lib" -DincludeScope=runtime >"$dir/build.log" 2>&1 \
    || { tail -20 "$dir/build.log" >&2; die "could not resolve Neo4j from Maven Central (log: $dir/build.log)"; }
  mkdir -p "$dir/classes"
  javac -d "$dir/classes" -cp "$dir/lib/*" "$here/neo4j/src/StakegraphNeo4j.java" >>"$dir/build.log" 2>&1 \
    || { tail -20 "$dir/build.log" >&2; die "could not compile the launcher (log: $dir/build.log)"; }
  echo "$want" >"$stamp"
}

start() {
  if pid=$(running_pid); then
    bolt_answers && { say "already running (pid $pid) on bolt://127.0.0.1:$port"; return 0; }
  fi
  if bolt_answers; then
    die "port $port is taken by another process; stop it or set STAKEGRAPH_NEO4J_PORT"
  fi
  build
  mkdir -p "$dir/data"
  # Java 17 needs these opens for Neo4j's off-heap and Netty internals.
  local opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true)
  say "starting on bolt://127.0.0.1:$port (data in $dir/data, log in $log)"
  nohup java -Xms256m -Xmx"$heap" -XX:+UseG1GC "${opens[@]}" \
      -cp "$dir/classes:$dir/lib/*" StakegraphNeo4j "$dir/data" "$port" "$password" "$pagecache" \
      >"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local waited=0
  until grep -q 'stakegraph-neo4j: ready' "$log" 2>/dev/null && bolt_answers; do
    if ! running_pid >/dev/null; then
      tail -30 "$log" >&2
      die "the JVM exited during start-up (log: $log)"
    fi
    if [ "$waited" -ge 180 ]; then
      tail -30 "$log" >&2
      die "Bolt did not answer within 180 s (log: $log)"
    fi
    sleep 1; waited=$((waited + 1))
  done
  say "ready after ${waited}s (pid $(cat "$pidfile")); user neo4j, password from NEO4J_PASSWORD (default stakegraph-dev)"
}

stop() {
  local pid
  if ! pid=$(running_pid); then say "not running"; rm -f "$pidfile"; return 0; fi
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; say "stopped"; return 0; }
    sleep 1
  done
  say "did not stop within 60 s; killing pid $pid"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

status() {
  if pid=$(running_pid) && bolt_answers; then
    say "running (pid $pid) on bolt://127.0.0.1:$port"
  else
    say "not running"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  wipe) stop; rm -rf "$dir/data"; say "data deleted" ;;
  build) build ;;
  *) echo "usage: $0 start|stop|status|wipe|build" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Starts a JaasPipeline deployment on this machine from a Release build, runs the end-to-end benchmark
# (tests/tools/JaasPipeline.Benchmark) against it, then stops it and removes what it created. One command per figure:
#
#   bash tests/benchmark.sh --deployment production -- --duration 60
#   bash tests/benchmark.sh --deployment embedded -- --mode open --rate 2000 --duration 60
#   bash tests/benchmark.sh --deployment production --endpoint settings-provisioning -- --rate 2000 --duration 30
#
#   --deployment production  every service host (ingress, attendance, media-artifacts, transcription, analytics) as
#                            its own process on distinct loopback ports, on the local RabbitMQ (127.0.0.1:5672,
#                            management API :15672) in a fresh virtual host that is deleted at the end (default)
#   --deployment embedded    the Standalone host alone (every service in one process, in-memory bus)
#   --endpoint webhooks      the end-to-end benchmark of deliveries through every consumer (default)
#   --endpoint settings-provisioning
#                            the benchmark of POST /settings-provisioning (open loop, closed loop, /health/live ratio)
#   --no-build               use the existing Release build
#   --keep                   keep the temp folder (SQLite files, host logs) and print where it is
#   -- <options>             passed to the benchmark (see: dotnet tests/tools/JaasPipeline.Benchmark/bin/Release/net10.0/JaasPipeline.Benchmark.dll --help)
#
# Every service's data is a SQLite file in a temp folder; the webhook secret and API key are made up for the run.
# The broker itself is never started, stopped or reconfigured here (RABBITMQ_MANAGEMENT, RABBITMQ_USER,
# RABBITMQ_PASSWORD override where it is; loopback only).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

deployment=production
build=1
keep=0
endpoint=webhooks
while [ $# -gt 0 ]; do
  case "$1" in
    --deployment) deployment=${2:-}; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    --endpoint) endpoint=${2:-}; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option '$1' (benchmark options go after --)" >&2; exit 2 ;;
  esac
done
case "$deployment" in production|embedded) ;; *) echo "--deployment must be production or embedded" >&2; exit 2 ;; esac
case "$endpoint" in webhooks|settings-provisioning) ;; *) echo "--endpoint must be webhooks or settings-provisioning" >&2; exit 2 ;; esac

management=${RABBITMQ_MANAGEMENT:-http://127.0.0.1:15672}
broker_user=${RABBITMQ_USER:-guest}
broker_password=${RABBITMQ_PASSWORD:-guest}
configuration=Release
framework=net10.0

# name -> project folder (the assembly is named after the folder)
declare -A project=(
  [ingress]=services/Ingress/JaasPipeline.Ingress.Host
  [attendance]=services/Attendance/JaasPipeline.Attendance.Host
  [media-artifacts]=services/MediaArtifacts/JaasPipeline.MediaArtifacts.Host
  [transcription]=services/Transcription/JaasPipeline.Transcription.Host
  [analytics]=services/Analytics/JaasPipeline.Analytics.Host
  [standalone]=services/Standalone
)
# name -> configuration section of its database
declare -A section=([ingress]=Ingress [attendance]=Attendance [media-artifacts]=MediaArtifacts [transcription]=Transcription [analytics]=Analytics)
consumers=(attendance media-artifacts transcription analytics)
if [ "$deployment" = production ]; then hosts=(ingress "${consumers[@]}"); else hosts=(standalone); fi

dll_of() {
  local folder=${project[$1]}
  local assembly
  assembly=$(basename "$folder")
  [ "$1" = standalone ] && assembly=JaasPipeline.Standalone
  echo "$root/$folder/bin/$configuration/$framework/$assembly.dll"
}
benchmark_dll=$root/tests/tools/JaasPipeline.Benchmark/bin/$configuration/$framework/JaasPipeline.Benchmark.dll

if [ "$build" = 1 ]; then
  for target in $(for name in "${hosts[@]}"; do echo "${project[$name]}"; done) tests/tools/JaasPipeline.Benchmark; do
    echo "== build $target ($configuration)"
    # Quiet unless it fails.
    output=$(dotnet build "$target" -c "$configuration" -nologo -v quiet 2>&1) || { echo "$output" >&2; exit 1; }
  done
fi
for name in "${hosts[@]}"; do [ -f "$(dll_of "$name")" ] || { echo "missing $(dll_of "$name"); run without --no-build" >&2; exit 1; }; done
[ -f "$benchmark_dll" ] || { echo "missing $benchmark_dll; run without --no-build" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/jaas-benchmark.XXXXXX")
secret=whsec_$(openssl rand -hex 16)
api_key=$(openssl rand -hex 16)
vhost=""
benchmark=""
declare -A pid=()
declare -A port=()

broker_api() { # method path [json]
  curl -fsS -u "$broker_user:$broker_password" -X "$1" -H 'content-type: application/json' ${3:+--data "$3"} "$management/api/$2"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$benchmark" ]; then kill -TERM "$benchmark" 2>/dev/null || true; wait "$benchmark" 2>/dev/null || true; fi
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null || true; done
  for name in "${!pid[@]}"; do
    for _ in $(seq 1 50); do kill -0 "${pid[$name]}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "${pid[$name]}" 2>/dev/null || true
  done
  if [ -n "$vhost" ]; then
    broker_api DELETE "vhosts/$vhost" >/dev/null 2>&1 || echo "could not delete virtual host $vhost" >&2
    # The benchmark's plain client deletes its own virtual host; gone already unless the benchmark was stopped early.
    broker_api DELETE "vhosts/$vhost-plain" >/dev/null 2>&1 || true
  fi
  if [ "$keep" = 1 ]; then echo "== kept $work (SQLite files, host logs)"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start NAME [KEY=VALUE...]: the host runs in its output folder (so its own appsettings.json is read, as in
# production), with these settings on top; output goes to $work/NAME.log.
start() {
  local name=$1; shift
  local dll
  dll=$(dll_of "$name")
  port[$name]=$(free_port)
  (cd "$(dirname "$dll")" && exec env DOTNET_ENVIRONMENT=Production Urls="http://127.0.0.1:${port[$name]}" \
      Logging__LogLevel__Default=Warning "$@" dotnet "$dll" >"$work/$name.log" 2>&1) &
  pid[$name]=$!
}

wait_ready() {
  local name=$1
  for _ in $(seq 1 240); do
    if ! kill -0 "${pid[$name]}" 2>/dev/null; then
      echo "$name exited before it was ready; its log:" >&2; tail -n 40 "$work/$name.log" >&2; exit 1
    fi
    curl -fsS -o /dev/null "http://127.0.0.1:${port[$name]}/health/ready" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$name is not ready after 120 s; its log:" >&2; tail -n 40 "$work/$name.log" >&2; exit 1
}

benchmark_args=(--secret "$secret" --ingress-db "$work/ingress.db")
for name in "${consumers[@]}"; do benchmark_args+=(--consumer-db "$name=$work/$name.db"); done

if [ "$deployment" = production ]; then
  curl -fsS -o /dev/null -u "$broker_user:$broker_password" "$management/api/overview" \
    || { echo "no RabbitMQ management API at $management (bash tests/run.sh installs and starts a local broker)" >&2; exit 1; }
  vhost=benchmark-$(openssl rand -hex 4)
  broker_api PUT "vhosts/$vhost" >/dev/null
  broker_api PUT "permissions/$vhost/$broker_user" '{"configure":".*","write":".*","read":".*"}' >/dev/null
  bus=(Messaging__Transport=RabbitMq Messaging__RabbitMq__Host=127.0.0.1 Messaging__RabbitMq__VirtualHost="$vhost"
       Messaging__RabbitMq__Username="$broker_user" Messaging__RabbitMq__Password="$broker_password")

  # Consumers first: RabbitMQ drops what no queue is bound to, and each consumer host declares and binds its queue.
  for name in "${consumers[@]}"; do
    settings=("${bus[@]}" "${section[$name]}__Database__Provider=Sqlite" "${section[$name]}__Database__ConnectionString=Data Source=$work/$name.db")
    [ "$name" = attendance ] && settings+=("Api__Keys__0=$api_key")
    start "$name" "${settings[@]}"
  done
  for name in "${consumers[@]}"; do wait_ready "$name"; done
  # Ready means the bus is up; wait until the management API also shows a consumer on every service queue.
  for _ in $(seq 1 60); do
    waiting=$(broker_api GET "queues/$vhost?columns=name,consumers,auto_delete" |
      jq -r '[.[] | select((.auto_delete | not) and (.name | test("_(error|skipped)$") | not) and ((.consumers // 0) == 0)) | .name] | join(" ")')
    [ -z "$waiting" ] && break
    sleep 1
  done
  [ -z "$waiting" ] || echo "warning: queues without a consumer in the management API: $waiting" >&2

  start ingress "${bus[@]}" Ingress__WebhookSecrets__0="$secret" Api__Keys__0="$api_key" Ingress__Database__Provider=Sqlite \
    Ingress__Database__ConnectionString="Data Source=$work/ingress.db"
  wait_ready ingress
  url=http://127.0.0.1:${port[ingress]}
  benchmark_args+=(--deployment production --rabbitmq-vhost "$vhost" --rabbitmq-management "$management"
                   --rabbitmq-user "$broker_user" --rabbitmq-password "$broker_password")
  # The broker's CPU is part of the picture (its peak memory is from long before this run, and others use it too).
  broker_pid=$(pgrep -x beam.smp | head -n 1 || true)
  [ -n "$broker_pid" ] && benchmark_args+=(--shared-pid "rabbitmq-server=$broker_pid")
else
  settings=(Messaging__Transport=InMemory Ingress__WebhookSecrets__0="$secret" Api__Keys__0="$api_key")
  for name in ingress "${consumers[@]}"; do
    settings+=("${section[$name]}__Database__Provider=Sqlite" "${section[$name]}__Database__ConnectionString=Data Source=$work/$name.db")
  done
  start standalone "${settings[@]}"
  wait_ready standalone
  url=http://127.0.0.1:${port[standalone]}
  benchmark_args+=(--deployment embedded)
fi

echo "== $deployment deployment ready in $work${vhost:+ (RabbitMQ virtual host $vhost)}:"
for name in "${hosts[@]}"; do
  echo "   $name pid ${pid[$name]} on http://127.0.0.1:${port[$name]}"
  benchmark_args+=(--pid "$name=${pid[$name]}")
done

# In the background and waited for, so that Ctrl+C or a TERM reaches the trap at once (bash runs traps only between
# foreground commands); the trap stops the benchmark too.
if [ "$endpoint" = settings-provisioning ]; then
  dotnet "$benchmark_dll" settings-provisioning --url "$url" --secret "$secret" --api-key "$api_key" "$@" &
else
  dotnet "$benchmark_dll" --url "$url" "${benchmark_args[@]}" "$@" &
fi
benchmark=$!
set +e
wait "$benchmark"
status=$?
set -e
benchmark=""
for name in "${hosts[@]}"; do
  kill -0 "${pid[$name]}" 2>/dev/null || { echo "$name exited during the run; its log:" >&2; tail -n 40 "$work/$name.log" >&2; status=1; }
done
exit "$status"

#!/usr/bin/env bash
# The test command (README): installs and starts what the tests need, builds, runs every test.
# Tests that need RabbitMQ use Testcontainers where a Docker engine answers; otherwise this script makes sure a
# local broker from Debian's rabbitmq-server runs on 127.0.0.1 (management API on :15672) and the tests use it.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

docker_answers() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

broker_answers() {
  timeout 20 rabbitmqctl await_startup --timeout 15 >/dev/null 2>&1
}

ensure_local_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    echo "== installing rabbitmq-server (Debian)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  if ! broker_answers; then
    echo "== starting rabbitmq-server"
    as_root rabbitmq-server -detached
    # await_startup fails while the node does not exist yet: retry until it answers.
    for _ in $(seq 1 60); do
      broker_answers && break
      sleep 2
    done
  fi
  broker_answers || { echo "RabbitMQ did not start; see /var/log/rabbitmq/" >&2; exit 1; }
  # A broker started before the plugin was enabled needs it switched on online.
  as_root rabbitmq-plugins enable rabbitmq_management >/dev/null
  for _ in $(seq 1 30); do
    curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "RabbitMQ management API does not answer on 127.0.0.1:15672" >&2
  exit 1
}

# The hosts need ICU (Microsoft.Data.SqlClient refuses globalization-invariant mode); Debian's .NET installs bring it.
if ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so'; then
  echo "== installing libicu72 (ICU, needed by the hosts)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu72 >/dev/null
fi

# The console's browser tests drive Debian's chromium through Playwright (ExecutablePath /usr/bin/chromium); Playwright
# never downloads a browser of its own. Without chromium those tests report themselves skipped.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian, for the console's browser tests)"
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    echo "chromium could not be installed: the console's browser tests will report themselves skipped" >&2
fi

if docker_answers; then
  echo "== Docker engine answers: RabbitMQ and SQL Server tests use Testcontainers"
else
  echo "== no Docker engine: using a local RabbitMQ; SQL Server container tests will report themselves skipped"
  ensure_local_rabbitmq
  # ClusterFaultTests run on three more local nodes (5711-5713), started here and stopped when the tests end.
  echo "== starting a three-node RabbitMQ cluster for the cluster tests"
  bash tests/rabbitmq-cluster.sh start
  trap 'bash tests/rabbitmq-cluster.sh stop >/dev/null 2>&1 || true' EXIT
fi

# OpenApiLintTests run Spectral from tests/tools (versions pinned in its package-lock.json).
if command -v npm >/dev/null 2>&1; then
  echo "== installing the test tools (Spectral) with npm ci in tests/tools"
  npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
else
  echo "== no npm: OpenApiLintTests will fail and say how to install Spectral (Node.js 18 or later, then npm ci --prefix tests/tools)"
fi

echo "== build"
dotnet build JaasPipeline.sln -c Release -nologo -v quiet

echo "== test"
log=$(mktemp)
# One test project at a time (-m:1): a suite stops and restarts the broker, which must not hit another suite.
set +e
dotnet test JaasPipeline.sln -c Release --no-build -nologo -m:1 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test projects.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"

#!/usr/bin/env bash
# Measures the ingress host's RSS (/proc/<pid>/status) around twenty signed ~0.9 MB USAGE deliveries (docs/benchmarks.md, "Memory of the ingress").
# usage (after dotnet build services/Ingress/JaasPipeline.Ingress.Host -c Release):
#   measure_rss.sh LABEL MAXDATAITEMS [ENV=VALUE...]      e.g.  measure_rss.sh server 10000 DOTNET_gcServer=1
#   ENTRIES (default 300000) and ENTRY (default {}) shape data; prints RSS before, after, 15 s later, and the peak.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
label=$1; maxitems=$2; shift 2
dir=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
secret=whsec_measure0123456789abcdef
host=$repo/services/Ingress/JaasPipeline.Ingress.Host/bin/Release/net10.0
( cd $host && env "$@" Urls=http://127.0.0.1:$port Ingress__WebhookSecrets__0=$secret Ingress__Database__Provider=Sqlite \
  "Ingress__Database__ConnectionString=Data Source=$dir/ingress.db" Messaging__Transport=InMemory Ingress__MaxDataItems=$maxitems \
  Ingress__MaxBodyBytes=2000000 Logging__LogLevel__Default=Warning dotnet JaasPipeline.Ingress.Host.dll > $dir/log 2>&1 ) &
for i in $(seq 1 60); do curl -fs http://127.0.0.1:$port/health/live >/dev/null && break; sleep 0.5; done
pid=$(ss -ltnp "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
rss() { grep -E "^$1:" /proc/$pid/status | awk '{print int($2/1024)}'; }
python3 "$here/send_usage.py" $port 3 $secret 10 >/dev/null   # warm up with small deliveries
before=$(rss VmRSS)
out=$(python3 "$here/send_usage.py" $port 20 $secret ${ENTRIES:-300000} ${PADDING:-0} "${ENTRY:-{\}}")
after=$(rss VmRSS); peak=$(rss VmHWM)
sleep 15
later=$(rss VmRSS)
echo "$label | $* | before ${before} MB | after 20 ${after} MB | 15 s later ${later} MB | peak ${peak} MB | $out"
kill $pid; wait 2>/dev/null; rm -rf $dir

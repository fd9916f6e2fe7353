#!/usr/bin/env bash
# A three-node RabbitMQ cluster on this machine, from Debian's rabbitmq-server, for the cluster tests (tests/run.sh
# starts it and stops it) and by hand:
#
#   bash tests/rabbitmq-cluster.sh start    # nodes rabbit-a, rabbit-b, rabbit-c joined into one cluster
#   bash tests/rabbitmq-cluster.sh status
#   bash tests/rabbitmq-cluster.sh stop     # stops the three nodes and removes their data
#
# Node n (a, b, c) listens for AMQP on 127.0.0.1:571n (5711, 5712, 5713) and for its management API on 1571n; its
# Erlang distribution port is 2571n. The single broker of the other tests (5672, 15672) is never touched.
# The nodes run as the rabbitmq user (the server drops to it), so their folders belong to that user.
set -euo pipefail

base=${RABBITMQ_CLUSTER_BASE:-/var/lib/rabbitmq/jaas-cluster}
host=$(hostname -s)
nodes=(a b c)
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

node_name() { echo "rabbit-$1@$host"; }
index_of() { case "$1" in a) echo 1 ;; b) echo 2 ;; c) echo 3 ;; esac; }

start_node() {
  local n=$1 i dir
  i=$(index_of "$n")
  dir=$base/$n
  as_root mkdir -p "$dir/mnesia" "$dir/log"
  echo '[rabbitmq_management].' | as_root tee "$dir/enabled_plugins" >/dev/null
  as_root chown -R rabbitmq:rabbitmq "$base"
  as_root env \
    RABBITMQ_NODENAME="$(node_name "$n")" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="571$i" \
    RABBITMQ_DIST_PORT="2571$i" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_PID_FILE="$dir/pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_SERVER_START_ARGS="-rabbitmq_management listener [{port,1571$i},{ip,\"127.0.0.1\"}]" \
    rabbitmq-server -detached
}

ctl() { local n=$1; shift; as_root rabbitmqctl -n "$(node_name "$n")" "$@"; }

await_node() {
  for _ in $(seq 1 60); do
    ctl "$1" await_startup --timeout 5 >/dev/null 2>&1 && return 0
    sleep 2
  done
  echo "node $(node_name "$1") did not start; see $base/$1/log" >&2
  return 1
}

# stop_app can answer while Mnesia is still stopping: join_cluster then fails with "Mnesia is still running on node".
join_cluster() {
  for _ in $(seq 1 15); do
    ctl "$1" join_cluster "$(node_name a)" >/dev/null 2>&1 && return 0
    sleep 2
  done
  ctl "$1" join_cluster "$(node_name a)" >/dev/null
}

case "${1:-}" in
  start)
    for n in "${nodes[@]}"; do
      ctl "$n" status >/dev/null 2>&1 || start_node "$n"
    done
    for n in "${nodes[@]}"; do await_node "$n"; done
    for n in b c; do
      if ! ctl "$n" cluster_status --formatter json 2>/dev/null | grep -q "$(node_name a)"; then
        ctl "$n" stop_app >/dev/null
        join_cluster "$n"
        ctl "$n" start_app >/dev/null
      fi
    done
    for n in "${nodes[@]}"; do
      for _ in $(seq 1 30); do
        curl -fsS -u guest:guest "http://127.0.0.1:1571$(index_of "$n")/api/overview" >/dev/null 2>&1 && break
        sleep 1
      done
      # RabbitMQ 3.10: a node started again while the others still hold its old distribution link can crash its
      # management agent for good (rabbit_net:dist_info, "no case clause matching [#Port, #Port]"); the node then runs
      # but reports no statistics, so the management API shows its queues without consumers. Restarting the node's
      # application once the links have settled brings the agent back.
      if ! ctl "$n" eval 'is_pid(whereis(rabbit_mgmt_external_stats)).' 2>/dev/null | grep -q true; then
        ctl "$n" stop_app >/dev/null
        ctl "$n" start_app >/dev/null
      fi
    done
    # A test that blocked publishers (a memory alarm through a lowered watermark) and did not get to clear it.
    ctl a set_vm_memory_high_watermark 0.4 >/dev/null
    echo "cluster up: $(node_name a) 127.0.0.1:5711, $(node_name b) :5712, $(node_name c) :5713 (management 15711-15713)"
    ;;
  status)
    ctl a cluster_status
    ;;
  stop)
    for n in "${nodes[@]}"; do ctl "$n" stop >/dev/null 2>&1 || true; done
    # A node killed with -9 by a test leaves no running process for stop to reach; any leftover beam of ours goes too.
    pkill -9 -f "rabbit-[abc]@$host" 2>/dev/null || true
    as_root rm -rf "$base"
    echo "cluster stopped"
    ;;
  *)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac

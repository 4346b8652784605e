#!/usr/bin/env bash
# Group fan-out on one node against two nodes of a cluster, same load tool, one run (issue 11's benchmark).
# Starts its own throwaway PostgreSQL (Debian's binaries, scripts/install-postgres.sh) on a free loopback port, then:
#   1. one node  (Storage:Provider=postgres, Orleans:ClusteringMode=localhost)
#   2. two nodes (Storage:Provider=postgres, Orleans:ClusteringMode=postgres), members spread over both
# and prints both reports; "per core-second" counts the nodes' CPU (not PostgreSQL's, which the group path touches
# only to store each message once).
#
#   bench/cluster/group-one-vs-two.sh [parley-load group options...]
#   e.g. bench/cluster/group-one-vs-two.sh --members 2000 --rate 20 --senders 2 --warmup 10s --duration 10s
exec "$(dirname "$0")/one-vs-two.sh" group "$@"

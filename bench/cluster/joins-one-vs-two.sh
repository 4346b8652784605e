#!/usr/bin/env bash
# Room joins on one node against two nodes of a cluster, same load tool, one run (the signaling twin of
# group-one-vs-two.sh). Starts its own throwaway PostgreSQL (Debian's binaries, scripts/install-postgres.sh) on a free
# loopback port, then:
#   1. one node  (Storage:Provider=postgres, Orleans:ClusteringMode=localhost)
#   2. two nodes (Storage:Provider=postgres, Orleans:ClusteringMode=postgres), clients spread over both, so the members
#      of one room sit on different nodes
# and prints both reports; "joins per server core-second" is churn joins over the nodes' CPU (not PostgreSQL's: an
# exit+join lives in the room grain's memory and the app look-up is cached; the logins of the ramp are what write to it).
#
#   bench/cluster/joins-one-vs-two.sh [parley-load signaling options...]
#   e.g. bench/cluster/joins-one-vs-two.sh --clients 1000 --rooms 100 --duration 20s
exec "$(dirname "$0")/one-vs-two.sh" signaling --dev-usersig "$@"

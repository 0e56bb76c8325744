# shellcheck shell=bash
# Sourced by .ci/run (as root on a fresh machine): starts a PostgreSQL cluster listening on loopback
# only, creates a role and a database for the tests, and exports DATABASE_URL and RASD_TEST_PG_URL
# so the store contract suite runs against PostgreSQL too. Without PostgreSQL (or without root) it
# says so and returns 0: the PostgreSQL tests then report "skipped".
# Everything is in a function so that `return` never ends the calling script and no variable leaks.

rasd_ci_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "ci: postgresql is not installed; the PostgreSQL store tests will be skipped"
    return 0
  fi
  if [ "$(id -u)" != "0" ]; then
    echo "ci: not root, cannot start PostgreSQL; the PostgreSQL store tests will be skipped"
    return 0
  fi
  local ver port status
  ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$ver" ]; then
    echo "ci: no PostgreSQL server version found; the PostgreSQL store tests will be skipped"
    return 0
  fi
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$ver main"; then
    pg_createcluster "$ver" main >/dev/null || { echo "ci: pg_createcluster failed"; return 1; }
  fi
  status=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $4}')
  if [ "$status" != "online" ]; then
    # Loopback only: nothing outside this machine can reach the test server.
    pg_ctlcluster "$ver" main start -- -o "-c listen_addresses=127.0.0.1" >/dev/null ||
      pg_ctlcluster "$ver" main start >/dev/null || { echo "ci: pg_ctlcluster start failed"; return 1; }
  fi
  port=$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')
  local psql=(runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt)
  local i
  for i in 1 2 3 4 5 6 7 8 9 10; do
    "${psql[@]}" -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
  done
  if ! "${psql[@]}" -tc "SELECT 1 FROM pg_roles WHERE rolname = 'rasd'" | grep -q 1; then
    "${psql[@]}" -c "CREATE ROLE rasd LOGIN PASSWORD 'rasd'" >/dev/null || return 1
  fi
  if ! "${psql[@]}" -tc "SELECT 1 FROM pg_database WHERE datname = 'rasd_test'" | grep -q 1; then
    "${psql[@]}" -c "CREATE DATABASE rasd_test OWNER rasd" >/dev/null || return 1
  fi
  export DATABASE_URL="postgresql://rasd:rasd@127.0.0.1:${port}/rasd_test"
  export RASD_TEST_PG_URL="$DATABASE_URL"
  echo "ci: PostgreSQL $ver on 127.0.0.1:${port}, database rasd_test (DATABASE_URL and RASD_TEST_PG_URL exported)"
}

rasd_ci_postgres

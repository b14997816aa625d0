#!/usr/bin/env bash
# The Debian package, end to end, on a throwaway machine (CI): install it with apt, check the command, the helper's ownership and
# mode, the manual page and the polkit action from the installed files, apply a plan as a user who is not root through a pkexec
# stand-in that records what it was asked to start (and hands exactly that to sudo), then remove the package and check it is gone.
# The plan changes no real setting: it runs in a private mount namespace where the tiering settings are files bind-mounted over
# /sys and /proc, and the run stops before anything if that mount is not in place. Usage (as root): test/package/deb-smoke.sh DEB
set -euo pipefail

deb=$(realpath "${1:?usage: test/package/deb-smoke.sh dist/pmem-console_VERSION_all.deb}")
[ "$(id -u)" -eq 0 ] || { echo "deb-smoke: run it as root: it installs and removes a package" >&2; exit 2; }
if dpkg-query -W -f='${Status}' pmem-console 2>/dev/null | grep -q 'ok installed'; then
  echo "deb-smoke: pmem-console is installed on this machine already; this check would replace and remove it, so it stops" >&2
  exit 2
fi

HELPER=/usr/lib/pmem-console/pmem-console-helper
USER_NAME=pmc-smoke
work=$(mktemp -d /tmp/pmc-deb-smoke.XXXXXX)
chmod 0755 "$work"
step() { printf 'deb-smoke: %s\n' "$*"; }
fail() { printf 'deb-smoke: FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  rm -f /etc/sudoers.d/pmc-smoke
  id "$USER_NAME" >/dev/null 2>&1 && userdel "$USER_NAME" 2>/dev/null || true
  dpkg-query -W pmem-console >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pmem-console >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step "installing $(basename "$deb") with apt"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null

step "pmem-console --version"
version=$(pmem-console --version)
[ "$version" = "pmem-console $(dpkg-deb -f "$deb" Version)" ] || fail "--version printed '$version'"

step "pmem-console doctor --host sim:qemu-nvdimm"
pmem-console doctor --host sim:qemu-nvdimm >"$work/doctor.txt" || fail "doctor exited $?: $(cat "$work/doctor.txt")"
grep -q '\[ok  \] ndctl' "$work/doctor.txt" || fail "doctor did not check ndctl: $(cat "$work/doctor.txt")"

step "the helper is root's own, at the path the polkit action names"
[ "$(stat -c '%U:%G %a' "$HELPER")" = "root:root 755" ] || fail "$HELPER is $(stat -c '%U:%G %a' "$HELPER")"
[ "$(stat -c '%U:%G %a' /usr/lib/pmem-console/helper/pmem-console-helper.cjs)" = "root:root 644" ] || fail "the helper's bundle is not root:root 644"
for d in /usr/lib/pmem-console /usr/lib/pmem-console/helper; do
  [ "$(stat -c '%U:%G %a' "$d")" = "root:root 755" ] || fail "$d is $(stat -c '%U:%G %a' "$d")"
done
grep -q "<annotate key=\"org.freedesktop.policykit.exec.path\">$HELPER</annotate>" /usr/share/polkit-1/actions/org.pmem-console.helper.policy \
  || fail "the polkit action does not name $HELPER"

step "pmem-console serve: browser mode serves the installed page"
pmem-console serve --host sim:qemu-nvdimm --port 0 >"$work/serve.txt" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do grep -q 'http://127.0.0.1' "$work/serve.txt" && break; sleep 0.2; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/?token=[A-Za-z0-9_-]*' "$work/serve.txt" | head -1)
[ -n "$url" ] || { kill "$serve_pid" 2>/dev/null; fail "serve printed no URL: $(cat "$work/serve.txt")"; }
page=$(node -e 'fetch(process.argv[1]).then(async (r) => { console.log(r.status); console.log(await r.text()); })' "$url")
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
case "$page" in 200*'<div id="app">'*) ;; *) fail "the installed page was not served: $page" ;; esac

step "man -w pmem-console"
[ "$(man -w pmem-console)" = /usr/share/man/man1/pmem-console.1.gz ] || fail "man -w pmem-console: $(man -w pmem-console 2>&1)"
[ -f /usr/share/bash-completion/completions/pmem-console ] || fail "no bash completion"

step "a plan applied by a user who is not root, through a recording pkexec stand-in"
# The setting the plan changes, and the private file that stands in for it.
if [ -f /sys/kernel/mm/numa/demotion_enabled ]; then
  setting=/sys/kernel/mm/numa/demotion_enabled; before=false; after=true; args=(--demotion yes)
elif [ -f /proc/sys/kernel/numa_balancing ]; then
  setting=/proc/sys/kernel/numa_balancing; before=0; after=1; args=(--balancing normal)
else
  fail "this kernel has neither demotion_enabled nor numa_balancing: there is no harmless local plan to apply"
fi
real_before=$(cat "$setting")
useradd --system --no-create-home --home-dir "$work/home" --shell /usr/sbin/nologin "$USER_NAME"
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0700 "$work/home" "$work/state"
install -d -m 0755 "$work/standin"
touch "$work/argv.log" && chmod 0666 "$work/argv.log"
cat >"$work/standin/pkexec" <<EOF
#!/bin/sh
# Records the argv it was given; starts it as root (through sudo, which empties the environment as pkexec does) only when it is
# exactly the installed helper's path.
printf '%s\n' "\$@" >>'$work/argv.log'
[ "\$#" -eq 1 ] && [ "\$1" = '$HELPER' ] || { echo "pkexec stand-in: refusing to start \$*" >&2; exit 127; }
exec sudo -n -- '$HELPER'
EOF
chmod 0755 "$work/standin/pkexec"
printf '%s ALL=(root) NOPASSWD: %s\n' "$USER_NAME" "$HELPER" >/etc/sudoers.d/pmc-smoke
chmod 0440 /etc/sudoers.d/pmc-smoke
printf '%s\n' "$before" >"$work/setting"
chmod 0644 "$work/setting"

unshare --mount --propagation private env setting="$setting" work="$work" before="$before" USER_NAME="$USER_NAME" bash -s -- "${args[@]}" <<'EOF' || fail "the plan did not run as it should (see above)"
set -euo pipefail
mount --bind "$work/setting" "$setting"
# Nothing runs unless the setting the plan writes is the private file.
[ "$(findmnt -n -o TARGET --target "$setting")" = "$setting" ] && [ "$(cat "$setting")" = "$before" ] || { echo "the private mount is not in place: stopping" >&2; exit 1; }
runuser -u "$USER_NAME" -- env -i PATH="$work/standin:/usr/sbin:/usr/bin:/sbin:/bin" HOME="$work/home" PMEM_CONSOLE_STATE_DIR="$work/state" LANG=C.UTF-8 \
  pmem-console apply tiering.set "$@" --yes --host local >"$work/apply.txt" 2>&1 || { cat "$work/apply.txt"; exit 1; }
cat "$work/apply.txt"
EOF

[ "$(cat "$work/argv.log")" = "$HELPER" ] || fail "pkexec was asked to start: $(tr '\n' ' ' <"$work/argv.log")"
[ "$(cat "$work/setting")" = "$after" ] || fail "the private setting holds '$(cat "$work/setting")', not '$after'"
[ "$(cat "$setting")" = "$real_before" ] || fail "the machine's own $setting changed"
grep -q '^done: 1 step ran' "$work/apply.txt" || fail "apply did not report done"
runuser -u "$USER_NAME" -- env PMEM_CONSOLE_STATE_DIR="$work/state" pmem-console journal | grep -q '^[^ ]*  done ' || fail "the journal has no done entry"
grep -q "\"caller\":\"$(id -u "$USER_NAME")\".*\"event\":\"accepted\",\"action\":\"tiering.set\"" /var/log/pmem-console/helper.jsonl \
  || fail "the helper's audit log has no accepted plan from $USER_NAME"

step "the installed command and helper on Debian 12's own nodejs 18 (the oldest runtime the package accepts)"
node18=$work/node18
mkdir -p "$node18/debs"
debian_node=$(apt-cache madison nodejs | awk '$3 ~ /^18\./ && /debian/ { print $3; exit }')
if [ -n "$debian_node" ] && (cd "$node18/debs" && apt-get download -qq "nodejs=$debian_node" libnode108 node-acorn node-cjs-module-lexer node-undici libc-ares2 libuv1 libnghttp2-14 libbrotli1 libicu72 >/dev/null 2>&1); then
  for d in "$node18"/debs/*.deb; do dpkg -x "$d" "$node18/root"; done
  # Debian's node loads its bundled modules from /usr/share/nodejs: give it its own in a private mount namespace.
  unshare --mount --propagation private env node18="$node18" bash -s <<'EOF18' || fail "the package does not run on nodejs 18 (see above)"
set -euo pipefail
mount -t tmpfs none /usr/share && mkdir /usr/share/nodejs && mount --bind "$node18/root/usr/share/nodejs" /usr/share/nodejs
node="env LD_LIBRARY_PATH=$node18/root/usr/lib/x86_64-linux-gnu $node18/root/usr/bin/node"
case "$($node --version)" in v18.*) ;; *) echo "not node 18: $($node --version)" >&2; exit 1 ;; esac
$node /usr/lib/pmem-console/cli/pmem-console.cjs --version
$node /usr/lib/pmem-console/cli/pmem-console.cjs snapshot --host sim:qemu-nvdimm | grep -q '^Host sim:qemu-nvdimm'
echo '{"protocol":2,"plan":{"host":"local","action":"region.disable","params":{"region":"region9"},"steps":[{"kind":"exec","argv":["ndctl","disable-region","region9"]}]}}' \
  | $node --disallow-code-generation-from-strings --disable-proto=delete /usr/lib/pmem-console/helper/pmem-console-helper.cjs | grep -q 'region9 does not exist'
EOF18
else
  step "skipped: Debian's nodejs 18 packages could not be downloaded here"
fi

step "removing the package"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pmem-console >/dev/null
for f in /usr/bin/pmem-console "$HELPER" /usr/lib/pmem-console /usr/share/polkit-1/actions/org.pmem-console.helper.policy /usr/share/man/man1/pmem-console.1.gz /var/log/pmem-console; do
  [ ! -e "$f" ] || fail "$f is still there after the package was removed"
done
step "ok"

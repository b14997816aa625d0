#!/bin/bash
# After the desktop package (pmem-console-desktop) is installed: the command on PATH, Chromium's sandbox, the desktop database,
# the AppArmor profile where AppArmor wants one, and the privileged helper with its polkit policy at the paths the policy names,
# root-owned, unless the pmem-console package already provides them. electron-builder fills in the names in ${...}.

APP='/opt/${sanitizedProductName}'
RES="$APP/resources"

if type update-alternatives >/dev/null 2>&1; then
  if [ -L '/usr/bin/${executable}' ] && [ "$(readlink '/usr/bin/${executable}')" != '/etc/alternatives/${executable}' ]; then
    rm -f '/usr/bin/${executable}'
  fi
  update-alternatives --install '/usr/bin/${executable}' '${executable}' "$APP/${executable}" 100 || ln -sf "$APP/${executable}" '/usr/bin/${executable}'
else
  ln -sf "$APP/${executable}" '/usr/bin/${executable}'
fi

# Chromium's setuid sandbox only where unprivileged user namespaces do not work.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP/chrome-sandbox" || true
else
  chmod 4755 "$APP/chrome-sandbox" || true
fi

provided_by_cli_package() {
  if command -v dpkg-query >/dev/null 2>&1 && dpkg-query -W -f='$''{Status}' pmem-console 2>/dev/null | grep -q 'ok installed'; then return 0; fi
  if command -v rpm >/dev/null 2>&1 && rpm -q pmem-console >/dev/null 2>&1; then return 0; fi
  return 1
}

if ! provided_by_cli_package; then
  install -d -o root -g root -m 0755 /usr/lib/pmem-console /usr/lib/pmem-console/helper /usr/share/polkit-1/actions
  install -o root -g root -m 0644 "$RES/helper/pmem-console-helper.cjs" /usr/lib/pmem-console/helper/pmem-console-helper.cjs
  install -o root -g root -m 0755 "$RES/helper/pmem-console-helper" /usr/lib/pmem-console/pmem-console-helper
  install -o root -g root -m 0644 "$RES/polkit/org.pmem-console.helper.policy" /usr/share/polkit-1/actions/org.pmem-console.helper.policy
fi
install -D -o root -g root -m 0644 "$RES/metainfo/org.pmem_console.Console.metainfo.xml" /usr/share/metainfo/org.pmem_console.Console.metainfo.xml

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database /usr/share/applications || true
fi

# AppArmor (Ubuntu 24.04 and later restricts unprivileged user namespaces without a profile): install the bundled profile when
# this AppArmor accepts it, and load it unless this is a chroot.
if apparmor_status --enabled >/dev/null 2>&1 && [ -f "$RES/apparmor-profile" ]; then
  if apparmor_parser --skip-kernel-load --debug "$RES/apparmor-profile" >/dev/null 2>&1; then
    cp -f "$RES/apparmor-profile" '/etc/apparmor.d/${executable}'
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache '/etc/apparmor.d/${executable}' || true
    fi
  fi
fi
exit 0

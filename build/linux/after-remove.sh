#!/bin/bash
# After the desktop package is removed: the command link, the AppArmor profile, and the helper, its policy and the AppStream
# file that after-install.sh put in place (the helper and policy stay when the pmem-console package provides them).

APP='/opt/${sanitizedProductName}'

if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove '${executable}' "$APP/${executable}" || true
else
  rm -f '/usr/bin/${executable}'
fi

if [ -f '/etc/apparmor.d/${executable}' ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove '/etc/apparmor.d/${executable}' || true
  fi
  rm -f '/etc/apparmor.d/${executable}'
fi

provided_by_cli_package() {
  if command -v dpkg-query >/dev/null 2>&1 && dpkg-query -W -f='$''{Status}' pmem-console 2>/dev/null | grep -q 'ok installed'; then return 0; fi
  if command -v rpm >/dev/null 2>&1 && rpm -q pmem-console >/dev/null 2>&1; then return 0; fi
  return 1
}

if ! provided_by_cli_package; then
  rm -f /usr/lib/pmem-console/pmem-console-helper /usr/lib/pmem-console/helper/pmem-console-helper.cjs /usr/share/polkit-1/actions/org.pmem-console.helper.policy
  rmdir /usr/lib/pmem-console/helper /usr/lib/pmem-console 2>/dev/null || true
fi
rm -f /usr/share/metainfo/org.pmem_console.Console.metainfo.xml
exit 0

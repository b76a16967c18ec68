#!/bin/sh
# Links an installed Slipway into the system, or unlinks it. Run as root by the package's scripts:
#   desktop-integration.sh install   (.deb postinst configure, .rpm %post)
#   desktop-integration.sh remove    (.deb prerm, .rpm %preun)
# install links <app>/bin/slipway to /usr/bin/slipway and every file under <app>/lib/share/ (desktop
# entry, Dockerfile MIME type, icons) to the same place under /usr/share/, then refreshes the
# desktop's caches. remove deletes only links that point into <app>, then refreshes the caches, so
# removing the package leaves nothing behind. The folders linked into belong to packages the
# installer depends on (desktop-file-utils, shared-mime-info, hicolor-icon-theme): none is made here.
set -e
app=$(cd "$(dirname "$0")/.." && pwd)

# Prints "source target" for every link, one a line.
links() {
  echo "$app/bin/slipway /usr/bin/slipway"
  (cd "$app/lib/share" && find . -type f | sort) | while read -r f; do
    echo "$app/lib/share/${f#./} /usr/share/${f#./}"
  done
}

# The MIME database must know text/x-dockerfile; the other two caches are refreshed only where
# the system keeps them (without them, desktops read the folders themselves).
refresh() {
  if command -v update-mime-database >/dev/null 2>&1 && [ -d /usr/share/mime/packages ]; then
    update-mime-database /usr/share/mime || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1 && [ -f /usr/share/applications/mimeinfo.cache ]; then
    update-desktop-database -q /usr/share/applications || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/icon-theme.cache ]; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
  fi
}

case "$1" in
  install)
    links | while read -r source target; do
      if [ -d "$(dirname "$target")" ]; then
        ln -sfn "$source" "$target"
      else
        echo "slipway: $(dirname "$target") is missing, $target not linked" >&2
      fi
    done
    refresh
    ;;
  remove)
    links | while read -r source target; do
      if [ -L "$target" ] && [ "$(readlink "$target")" = "$source" ]; then
        rm -f "$target"
      fi
    done
    refresh
    ;;
  *)
    echo "usage: $0 install|remove" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Installs what scripts/browser/phone_journey.py and console_sign_in.py need on Debian 12 (run
# as root): chromium, chromium-driver (/usr/bin/chromedriver), fonts-noto-cjk, python selenium,
# and selenium-axe-python (axe-core 4.x) for the console's accessibility checks.
# Idempotent and quiet: does nothing when everything is present; all output goes to stderr
# so callers can keep stdout clean.
set -euo pipefail
exec 1>&2

log() { echo "[browser/install] $*"; }

need_apt=0  # also reused at the end: 1 means we installed something
if ! command -v chromium >/dev/null 2>&1; then
  log "chromium missing"; need_apt=1
fi
if [ ! -x /usr/bin/chromedriver ]; then
  log "/usr/bin/chromedriver missing"; need_apt=1
fi
# Noto CJK specifically: other zh fallbacks (e.g. Droid Sans Fallback) may be present but
# we want the same font on every machine so screenshots look alike.
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list :lang=zh family 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  log "Noto CJK font missing"; need_apt=1
fi

if [ "$need_apt" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "must run as root to apt-get install"; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get update"
  apt-get update -qq >/dev/null
  log "apt-get install chromium chromium-driver fonts-noto-cjk"
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-noto-cjk >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
fi

if ! python3 -c 'import selenium' >/dev/null 2>&1; then
  log "pip install selenium"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check selenium
fi

if ! python3 -c 'import selenium_axe_python' >/dev/null 2>&1; then
  log "pip install selenium-axe-python"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check selenium-axe-python
fi

# Final sanity check so CI fails here with a clear message rather than in the journey.
command -v chromium >/dev/null || { log "chromium still missing"; exit 1; }
[ -x /usr/bin/chromedriver ] || { log "chromedriver still missing"; exit 1; }
fc-list :lang=zh family | grep -qi 'Noto Sans CJK' || log "warning: no Noto CJK font after install"
python3 -c 'import selenium' || { log "selenium import still fails"; exit 1; }
python3 -c 'import selenium_axe_python' || { log "selenium_axe_python import still fails"; exit 1; }
if [ "$need_apt" = 1 ]; then
  log "ok: $(chromium --version 2>/dev/null | head -1); selenium $(python3 -c 'import selenium; print(selenium.__version__)')"
fi
exit 0

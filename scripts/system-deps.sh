#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when any is missing.
set -euo pipefail
# dovecot-imapd: a real IMAP server the email tests and `storydesk bench email` start on their own, with a
# throwaway config (the system service is switched off again below); openssl: their test TLS certificate;
# chromium: the browser the end-to-end and accessibility tests drive (Playwright never downloads its own);
# libpango*, fonts-dejavu-core: what WeasyPrint needs to write `storydesk report`'s PDF (DejaVu also has
# Arabic); fonts-wqy-microhei: Chinese glyphs for the browser tests' screenshots of the Chinese pages.
# fonts-dkg-handwriting … fonts-rufscript: the handwriting on the test photos' signs (tests/support/samples).
packages=(fonts-dkg-handwriting fonts-comic-neue fonts-breip fonts-humor-sans fonts-sjfonts fonts-bwht
          fonts-rufscript dovecot-imapd openssl chromium
          libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-wqy-microhei)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm installs axe-core for the accessibility tests; any Node.js with npm will do, Debian's when there is none.
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing test packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Please run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [[ " ${missing[*]} " == *" dovecot-imapd "* ]] && command -v systemctl >/dev/null; then
  systemctl disable --now dovecot.service >/dev/null 2>&1 || true  # the tests need the binary, not a mail server
fi

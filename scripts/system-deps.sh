#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when any is missing.
set -euo pipefail
# dovecot-imapd: a real IMAP server the email tests and `storydesk bench email` start on their own, with a
# throwaway config (the system service is switched off again below); openssl: their test TLS certificate.
packages=(fonts-dkg-handwriting fonts-comic-neue fonts-breip dovecot-imapd openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
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

# Shared by ./netkube and ./test (sourced, not run). Bash only.

# Installs the given Debian packages when dpkg does not know them yet: `apt-get update` once per
# run, then `apt-get install -y`. Needs root; tells a non-root user the exact command instead.
netkube_apt_updated=0
ensure_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "netkube: missing packages: ${missing[*]} (and no apt-get here: install them with your package manager)" >&2
    return 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "netkube: missing Debian packages: ${missing[*]}" >&2
    echo "  install them as root: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "netkube: installing ${missing[*]} (apt-get)..." >&2
  if ((netkube_apt_updated == 0)); then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || { echo "netkube: apt-get update failed" >&2; return 1; }
    netkube_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || { echo "netkube: apt-get install ${missing[*]} failed" >&2; return 1; }
}

# Java 17 or newer; installs Debian's JDK 17 when there is no java at all.
ensure_java() {
  if ! command -v java >/dev/null 2>&1; then
    ensure_debian_packages openjdk-17-jdk-headless || return 1
  fi
  local version="" real line
  # The JDK's release file says it without starting a JVM (~50 ms on every ./netkube run).
  real=$(readlink -f "$(command -v java)" 2>/dev/null) || real=""
  if [[ $real == */bin/java && -r ${real%/bin/java}/release ]]; then
    while IFS= read -r line; do
      [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]] && version=${BASH_REMATCH[2]}
    done <"${real%/bin/java}/release"
  fi
  [[ -n $version ]] || version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [[ -z $version || ${version%%.*} -lt 17 ]]; then
    echo "netkube: needs Java 17 or newer, found ${version:-none} ($(command -v java))" >&2
    echo "  install it: apt-get install -y openjdk-17-jdk-headless (or put a JDK 17+ first on PATH)" >&2
    return 1
  fi
}

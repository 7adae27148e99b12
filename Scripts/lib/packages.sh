# Sourced by the scripts: installs the Debian/Ubuntu packages that are missing (as root),
# or says in one line what to install and stops.
require_packages() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Parley needs: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

# shellcheck shell=bash
# Makes sure tmux is installed: the terminal client's end-to-end test drives `muster take`
# through a tmux pseudo-terminal.

ensure_tmux() {
    if command -v tmux >/dev/null 2>&1; then return 0; fi
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing tmux (apt-get install tmux) for the terminal client's test"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
        command -v tmux >/dev/null 2>&1 && return 0
    fi
    echo "error: tmux is not installed; the terminal client's test needs it." >&2
    echo "Install it with:  sudo apt-get install -y tmux" >&2
    return 1
}

# Helpers shared by lab components.

# Install Debian packages if a command is missing (root only; CI and a fresh
# machine run as root). Never touches anything when the command exists.
lab_ensure() { # lab_ensure COMMAND PACKAGE...
  local cmd=$1
  shift
  if command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]]; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "lab: '$cmd' is missing; install: apt-get install $*" >&2
    return 1
  fi
  echo "lab: installing $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Start a command in the background with its own log and pid file, in a
# process group of its own (setsid: the pid is the group's id), so that
# lab_kill can stop the workers a server forks, not only the server. A
# Kamailio killed with -9 leaves its workers holding the addresses, and the
# next lab's Kamailio then cannot bind them.
lab_spawn() { # lab_spawn DIR NAME COMMAND...
  local dir=$1 name=$2
  shift 2
  setsid "$@" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

# Is this process running? A zombie (exited, not yet reaped) is not: the
# lab's processes outlive the shell that started them, so their parent is
# the sandbox's init, which may reap them seconds late (1.7 s seen), and
# "kill -0" succeeds on a zombie.
lab_running() { # lab_running PID
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [[ -n $state && $state != Z ]]
}

# Does any live process of this process group remain? (zombies do not count)
# Reads /proc itself (no procps on a minimal Debian): a stat line is
# "PID (COMM) STATE PPID PGRP ...", and COMM may hold spaces or ")".
lab_group_running() { # lab_group_running PGID
  local f line state pgrp
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    read -r state _ pgrp _ <<<"${line##*) }"
    [[ $pgrp == "$1" && $state != Z ]] && return 0
  done
  return 1
}

# Is the process started by lab_spawn, or any process of its group, alive?
lab_spawned_running() { # lab_spawned_running PID
  lab_running "$1" || lab_group_running "$1"
}

# Stop a process started by lab_spawn and every process of its group: TERM,
# at most 5 s for all of them to go, then KILL what is left. The group id
# cannot be reused while any member lives, so signalling it is safe as long
# as a member is found; the process itself is signalled too, in case it was
# started without a group of its own.
lab_kill() { # lab_kill DIR NAME
  local pidfile=$1/$2.pid pid
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  if lab_spawned_running "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    lab_running "$pid" && kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 50); do # at most 5 s, then force
      lab_spawned_running "$pid" || break
      sleep 0.1
    done
    if lab_spawned_running "$pid"; then
      echo "lab: $2 did not stop within 5 s of SIGTERM; killing its process group" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
      lab_running "$pid" && kill -KILL "$pid" 2>/dev/null
      for _ in $(seq 1 20); do # the kernel frees the addresses once they are gone
        lab_spawned_running "$pid" || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$pidfile"
}

# Retry a check until it succeeds, at most TRIES times 0.1 s apart.
lab_retry() { # lab_retry TRIES COMMAND...
  local tries=$1
  shift
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

# Does a DNS server answer a query? Uses bash's /dev/udp and python3 (both
# present wherever the lab runs) so the check needs no extra tools.
lab_dns_answers() { # lab_dns_answers ADDR PORT NAME
  python3 - "$@" <<'PY'
import socket, struct, sys
addr, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
q = struct.pack(">HHHHHH", 0x4242, 0x0100, 1, 0, 0, 0)
for label in name.strip(".").split("."):
    q += bytes([len(label)]) + label.encode()
q += b"\0" + struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
s.sendto(q, (addr, port))
data, _ = s.recvfrom(4096)
sys.exit(0 if data[:2] == b"\x42\x42" else 1)
PY
}

# Does a SIP server answer OPTIONS over UDP? (python3, no extra tools)
lab_sip_answers() { # lab_sip_answers ADDR PORT
  python3 - "$@" <<'PY'
import socket, sys
addr, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
s.bind(("127.0.0.1", 0))
local = s.getsockname()[1]
msg = (f"OPTIONS sip:{addr}:{port} SIP/2.0\r\n"
       f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-lab-{local};rport\r\n"
       f"From: <sip:lab@lab.test>;tag=lab\r\nTo: <sip:{addr}>\r\n"
       f"Call-ID: lab-{local}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
       "Content-Length: 0\r\n\r\n")
s.sendto(msg.encode(), (addr, port))
data, _ = s.recvfrom(65535)
sys.exit(0 if data.startswith(b"SIP/2.0 ") else 1)
PY
}

# Install a Debian package if a file it ships is missing (e.g. a module).
lab_ensure_file() { # lab_ensure_file FILE PACKAGE...
  local file=$1
  shift
  [[ -e $file ]] && return 0
  lab_ensure "/nonexistent/$file" "$@"
}

# Are these lab processes still running? A server that could not bind its
# address exits at once, while a check may be answered by another lab's peer.
lab_alive() { # lab_alive DIR NAME...
  local dir=$1 name
  shift
  for name in "$@"; do
    lab_running "$(cat "$dir/$name.pid" 2>/dev/null)" || {
      echo "lab: $name is not running (address in use?); see $dir/$name.log" >&2
      return 1
    }
  done
}

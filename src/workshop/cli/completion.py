"""Provides `workshop completion bash|zsh|fish`: shell completion scripts made by shtab from the CLI's own parser.

The scripts are static (generated from `cli.parser.build_parser()`, so they always
match the commands) except for one dynamic part: the session names that
`open`, `export`, `check`, `restore`, `host` and `link` take. At completion time the shell
calls back `workshop list --names` (hidden; see `print_names`), honouring a
`--sessions-dir` typed on the line and `$WORKSHOP_SESSIONS_DIR`. That call
reads only the folder listing, never a session file, and never imports
Textual.

Session names are file stems; names the shell could not take safely (control
characters, a leading `-`, bytes that are not UTF-8) are left out of the
completions (open such a session by its path). Each shell quotes the names
it inserts (zsh's `compadd`, fish's `complete -a`; the bash script itself,
with `printf %q`, as bash's own filename quoting leaves `$` and a backquote
bare), so a name with spaces, `$( )` or backquotes in it is inserted as one
literal word, never run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from ..storage import listing

SHELLS = ("bash", "zsh", "fish")
"""The shells `workshop completion` writes scripts for."""

INSTALL_HELP = """\
to install it:
  bash  add to ~/.bashrc:  eval "$(workshop completion bash)"
  zsh   add to ~/.zshrc, after compinit:  eval "$(workshop completion zsh)"
  fish  workshop completion fish > ~/.config/fish/completions/workshop.fish

It completes commands, options and session names (looked up when you press
Tab, in --sessions-dir, $WORKSHOP_SESSIONS_DIR or your data folder)."""
"""The set-up lines `workshop completion --help` ends with."""

SESSION_COMMANDS = ("open", "export", "check", "restore", "host", "link")
"""Commands whose REF argument completes to session names."""

_BASH = r"""
# Print a completion as it must be typed: as it is when it needs no quoting, else quoted with
# printf %q. (Bash's own filename quoting, `compopt -o filenames`, leaves $ and ` bare: a
# name holding them would expand, or run, when the line is entered.)
_shtab_workshop_quote() {
  if [[ "$1" == *[^[:alnum:]._+,@%^=/~-]* || "$1" == ?*'~'* ]]; then
    printf '%q\n' "$1"
  else
    printf '%s\n' "$1"
  fi
}

# A session name for REF (from `workshop list --names`), or a file once the word looks like a path.
_shtab_workshop_sessions() {
  local word="$1" dir="" prefix name i
  case "$word" in
    */* | .* | '~'*)
      while IFS= read -r name; do
        [[ -d "${name/#\~/$HOME}" ]] && name="$name/"
        _shtab_workshop_quote "$name"
      done < <(compgen -f -- "$word")
      return 0 ;;
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      --sessions-dir)
        if [[ "${COMP_WORDS[i+1]-}" == "=" ]]; then dir="${COMP_WORDS[i+2]-}"; else dir="${COMP_WORDS[i+1]-}"; fi ;;
      --sessions-dir=*) dir="${COMP_WORDS[i]#--sessions-dir=}" ;;
    esac
  done
  dir="${dir//\\/}"; dir="${dir#[\"\']}"; dir="${dir%[\"\']}"
  prefix="${word//\\/}"; prefix="${prefix#[\"\']}"
  while IFS= read -r name; do
    [[ "$name" == "$prefix"* ]] && _shtab_workshop_quote "$name"
  done < <(command workshop ${dir:+--sessions-dir "$dir"} list --names 2>/dev/null)
  return 0
}
"""

_BASH_TAIL = r"""
# A folder completed alone gets no space after its slash, so the path can go on.
_shtab_workshop_complete() {
  _shtab_workshop "$@"
  if [[ ${#COMPREPLY[@]} == 1 && "${COMPREPLY[0]}" == */ ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -o bashdefault -F _shtab_workshop_complete workshop
"""

_ZSH = r"""
# A session name for REF (from `workshop list --names`), or a file once the word looks like a path.
_shtab_workshop_sessions() {
  if [[ $PREFIX == */* || $PREFIX == .* || $PREFIX == \~* ]]; then
    _files
    return
  fi
  local dir i expl
  local -a tokens names
  tokens=(${(z)LBUFFER})
  for (( i = 1; i <= ${#tokens}; i++ )); do
    case ${tokens[i]} in
      --sessions-dir) dir=${(Q)tokens[i+1]} ;;
      --sessions-dir=*) dir=${(Q)${tokens[i]#--sessions-dir=}} ;;
    esac
  done
  if [[ -n $dir ]]; then
    names=(${(f)"$(command workshop --sessions-dir "$dir" list --names 2>/dev/null)"})
  else
    names=(${(f)"$(command workshop list --names 2>/dev/null)"})
  fi
  _wanted sessions expl 'session' compadd -a names
}
"""

_FISH = r"""
# A session name for REF (from `workshop list --names`), or a file once the word looks like a path.
function _shtab_workshop_sessions
  set -l word (commandline -ct)
  if string match -q -r -- '^(\.|~|.*/)' "$word"
    __fish_complete_path "$word"
    return
  end
  set -l dir
  set -l tokens (commandline -opc)
  set -l count (count $tokens)
  for i in (seq $count)
    switch $tokens[$i]
      case --sessions-dir
        if test $i -lt $count
          set dir $tokens[(math $i + 1)]
        end
      case '--sessions-dir=*'
        set dir (string replace -- --sessions-dir= '' $tokens[$i])
    end
  end
  if test -n "$dir"
    command workshop --sessions-dir "$dir" list --names 2>/dev/null
  else
    command workshop list --names 2>/dev/null
  end
end
"""

SESSION_COMPLETION: dict[str, Any] = {
    "bash": "_shtab_workshop_sessions",
    "zsh": "_shtab_workshop_sessions",
    "fish": "(_shtab_workshop_sessions)",
    "preamble": {"bash": _BASH, "zsh": _ZSH, "fish": _FISH},
}
"""shtab's `.complete` for a session REF: a shell function per shell, defined in the preamble."""


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add the `completion` command to the CLI."""
    command = add(
        "completion",
        cmd_completion,
        "print a shell completion script for bash, zsh or fish",
    )
    command.add_argument("shell", choices=SHELLS, help="the shell to write the script for")
    command.formatter_class = argparse.RawDescriptionHelpFormatter
    command.epilog = INSTALL_HELP


def add_names_option(parser: argparse.ArgumentParser) -> None:
    """Add the hidden `--names` to `workshop list`: what completion calls back."""
    parser.add_argument("--names", action="store_true", help=argparse.SUPPRESS)


def safe_name(name: str) -> bool:
    """True when a session name can be offered to a shell as a completion."""
    from ..safe import CONTROL

    if not name or name.startswith("-") or CONTROL.search(name) or "\n" in name or "\t" in name:
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (surrogate-escaped bytes)
        return False
    return True


def print_names(folder: Path) -> int:
    """Print the sessions' names (file stems) one per line, for completion; return 0.

    Reads only the folder listing. Links that lead out of the folder are
    left out, as `workshop open NAME` refuses them.
    """

    for path in sorted(listing.session_files(folder), key=lambda path: path.stem):
        if safe_name(path.stem) and listing.outside_link(path, folder) is None:
            sys.stdout.write(path.stem + "\n")
    return 0


def annotated_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Return the CLI's `parser` with shtab completions on its arguments."""
    import shtab

    for action in parser._actions:
        if "--sessions-dir" in action.option_strings:
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subcommands.choices.items():
        for action in sub._actions:
            if "--sessions-dir" in action.option_strings:
                # hidden in each command's --help, but the shell must know it takes a folder
                action.help = "folder of session files"
                action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
            elif name in SESSION_COMMANDS and action.dest == "ref":
                action.complete = SESSION_COMPLETION  # type: ignore[attr-defined]
            elif action.dest in ("output", "files", "rules", "template"):
                action.complete = shtab.FILE  # type: ignore[attr-defined]
    return parser


def cmd_completion(args: argparse.Namespace) -> int:
    """Print the completion script for `args.shell`."""
    import shtab

    script = shtab.complete(annotated_parser(args.parser), shell=args.shell)
    if args.shell == "bash":
        script += "\n" + _BASH_TAIL
    sys.stdout.write(script + "\n")
    return 0

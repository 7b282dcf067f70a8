#!/usr/bin/env python3
"""Lists names that two source files of one library give to different things with internal linkage.

scripts/build.sh compiles each library as unity batches (several .cc files in one translation
unit). Two files that both define, say, `Trim` in an anonymous namespace of the same C++
namespace then either fail to compile or, worse, compile with one file silently calling the
other's overload. Which files share a batch depends on their sorted order, so any two files of
a library may meet one day: the names must be unique per library and namespace, not per batch.

Usage: scripts/check_unity_names.py [ROOT]   (exits 1 and lists the clashes when there are any)
"""
import collections
import pathlib
import re
import sys

# The libraries of the build (emulator/CMakeLists.txt, iac/, importers/, tests/): a file belongs
# to the first directory that contains it.
LIBRARIES = [
    "emulator/core", "emulator/storage", "emulator/protocols", "emulator/dispatch",
    "emulator/services", "emulator/admin", "emulator/app", "emulator/models", "iac", "importers",
    "tests/unit",
]

NAMESPACE_OPEN = re.compile(r"^namespace\s*([\w:]*)\s*\{")
NAMESPACE_CLOSE = re.compile(r"^\}\s*//\s*namespace")
TYPE = re.compile(r"^(?:template\s*<.*>\s*)?(?:struct|class|union|enum(?:\s+class)?)\s+(\w+)\b(?!\s*;)")
ALIAS = re.compile(r"^using\s+(\w+)\s*=")
CONSTANT = re.compile(r"^(?:static\s+)?(?:inline\s+)?(?:constexpr|const)\b[^=(;]*?\b(\w+)\s*(?:\[[^\]]*\])*\s*[={]")
FUNCTION = re.compile(r"^(?:static\s+)?(?:inline\s+)?(?:constexpr\s+)?[\w:<>,\s\*&]+?[\s\*&](\w+)\s*\(")
STATIC_OUTSIDE = re.compile(r"^static\s")
ATTRIBUTES = re.compile(r"^(?:\[\[[^\]]*\]\]\s*)+")
NOT_A_DECLARATION = re.compile(r"^(?:\}|//|#|template\b|return\b|using namespace\b|extern\b|TEST)")


def internal_names(text):
    """Yields (namespace, name, line, alias text or None) for what a file defines with internal linkage at file scope."""
    stack = []  # one entry per open namespace: its name, "" for an anonymous one
    for number, line in enumerate(text.splitlines(), 1):
        opened = NAMESPACE_OPEN.match(line)
        if opened:
            stack.append(opened.group(1))
            continue
        if NAMESPACE_CLOSE.match(line):
            if stack:
                stack.pop()
            continue
        if not line or line[0].isspace() or NOT_A_DECLARATION.match(line):
            continue
        line = ATTRIBUTES.sub("", line)
        anonymous = "" in stack
        if not anonymous and not STATIC_OUTSIDE.match(line):
            continue
        for pattern in (TYPE, ALIAS, CONSTANT, FUNCTION):
            found = pattern.match(line)
            if found:
                enclosing = "::".join(part for part in stack if part)
                # Two files may declare the same alias for the same type (`using json = ...`).
                alias_of = line.strip() if pattern is ALIAS else None
                yield enclosing, found.group(1), number, alias_of
                break


def library_of(path, root):
    relative = path.relative_to(root).as_posix()
    for library in LIBRARIES:
        if relative.startswith(library + "/"):
            return library
    return None


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    definers = collections.defaultdict(list)
    for path in sorted(root.glob("**/*.cc")):
        library = library_of(path, root)
        if library is None:
            continue
        for namespace, name, line, alias_of in internal_names(path.read_text(errors="replace")):
            definers[(library, namespace, name)].append((f"{path.relative_to(root)}:{line}", alias_of))
    clashes = {}
    for key, entries in definers.items():
        files = {place.rsplit(":", 1)[0] for place, _ in entries}
        aliases = {alias_of for _, alias_of in entries}
        if len(files) > 1 and not (len(aliases) == 1 and None not in aliases):
            clashes[key] = [place for place, _ in entries]
    for (library, namespace, name), places in sorted(clashes.items()):
        print(f"{library}: {namespace}::{name} is defined in {len(places)} files: "
              + ", ".join(places))
    if clashes:
        print(f"{len(clashes)} names clash in unity builds: give each a name of its own, or move the"
              " shared helper into a header", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks that Satchel's layers hold: every target imports only the project targets that the table in
docs/ARCHITECTURE.md ("Layers") allows it, Package.swift declares no other, and every allowed import
points to a lower layer. Reads the package graph from `swift package describe --type json` and the
`import` lines of every Swift file. Inside the modules listed in the "Folder layers" table, a folder
may use only the types declared in folders of lower layers (a type is used when its name appears in code,
outside comments and string literals; with --index-store, also every reference the compiler resolved, members
from extensions included). The map stays true: every file or folder the tables of docs/ARCHITECTURE.md
name exists, and every folder of those modules has its line in "Folders, one job each". Exits 1 with one line per
violation.

    scripts/check-layers.py                       # the package in the current directory
    scripts/check-layers.py --describe FILE.json  # a saved `swift package describe --type json`
    scripts/check-layers.py --index-store "$(swift build --show-bin-path)/index/store"  # and the compiler's references
"""
import argparse
import json
import os
import re
import subprocess
import sys

IMPORT = re.compile(r"^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)")
TABLE_HEADING = "## Layers"
FOLDER_TABLE_HEADING = "## Folder layers"
JOBS_HEADING = "## Folders, one job each"
CODE_SPAN = re.compile(r"`([^`]+)`")
DECLARATION = re.compile(
    r"^(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|final|indirect)\s+)*"
    r"(?:struct|enum|class|actor|protocol|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_table(markdown):
    """The layers table: {target: (layer, set of allowed project imports)}."""
    lines = markdown.splitlines()
    try:
        start = lines.index(TABLE_HEADING)
    except ValueError:
        raise SystemExit(f"docs/ARCHITECTURE.md has no '{TABLE_HEADING}' section")
    table = {}
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[1].isdigit():
            continue
        target = cells[0].strip("`")
        allowed = {name.strip().strip("`") for name in cells[2].split(",") if name.strip() not in ("", "—", "-")}
        table[target] = (int(cells[1]), allowed)
    return table


def read_folder_table(markdown):
    """The folder layers table: {module: {folder: layer}}; empty when the document has none."""
    lines = markdown.splitlines()
    if FOLDER_TABLE_HEADING not in lines:
        return {}
    table = {}
    for line in lines[lines.index(FOLDER_TABLE_HEADING) + 1:]:
        if line.startswith("## "):
            break
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[2].isdigit():
            continue
        table.setdefault(cells[0], {})[cells[1]] = int(cells[2])
    return table


def code_only(text):
    """Swift source without its comments and string literals (their words are not uses of a type)."""
    output, index, length = [], 0, len(text)
    while index < length:
        if text.startswith("//", index):
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = length if end < 0 else end + 2
        elif text.startswith('"""', index):
            end = text.find('"""', index + 3)
            index = length if end < 0 else end + 3
            output.append('""')
        elif text[index] == '"':
            index += 1
            while index < length and text[index] not in '"\n':
                if text.startswith("\\(", index):
                    # An interpolation is code: keep it.
                    depth, start = 1, index + 2
                    index = start
                    while index < length and depth:
                        depth += {"(": 1, ")": -1}.get(text[index], 0)
                        index += 1
                    output.append(" " + text[start:index - 1] + " ")
                else:
                    index += 2 if text[index] == "\\" else 1
            index += 1
            output.append('""')
        else:
            output.append(text[index])
            index += 1
    return "".join(output)


def folder_of(relative, module_folder):
    """The first folder under the module's folder (`.` for a file at its top)."""
    parts = os.path.relpath(relative, module_folder).split(os.sep)
    return parts[0] if len(parts) > 1 else "."


def folder_violations(root, folder_table, targets):
    """Every use of a type from a folder of the same or a higher layer, inside one module, one sentence each."""
    problems = []
    for module, layers in sorted(folder_table.items()):
        if module not in targets:
            problems.append(f"the folder layers table names {module}, which Package.swift does not have")
            continue
        module_folder = targets[module][0]
        sources = {}
        for directory, _, files in os.walk(os.path.join(root, module_folder)):
            for file in files:
                relative = os.path.relpath(os.path.join(directory, file), root)
                if file.endswith(".swift") and owner(relative, targets) == module:
                    with open(os.path.join(root, relative), encoding="utf-8") as handle:
                        sources[relative] = code_only(handle.read())
        declared = {}
        for relative, code in sources.items():
            folder = folder_of(relative, module_folder)
            if folder not in layers:
                problems.append(f"{relative}: folder {module_folder}/{folder} is not in the folder layers table")
                continue
            for name in DECLARATION.findall(code):
                declared.setdefault(name, set()).add(folder)
        for relative, code in sorted(sources.items()):
            folder = folder_of(relative, module_folder)
            if folder not in layers:
                continue
            used = set(IDENTIFIER.findall(code))
            for name in sorted(used & set(declared)):
                homes = declared[name]
                if folder in homes:
                    continue
                for home in sorted(homes):
                    if layers[home] >= layers[folder]:
                        problems.append(
                            f"{relative}: {module_folder}/{folder} (layer {layers[folder]}) uses {name} from "
                            f"{module_folder}/{home} (layer {layers[home]}): folders may use only lower layers")
    return problems


def section(markdown, heading):
    """The lines under `heading`, up to the next `## ` heading; empty when there is no such section."""
    lines = markdown.splitlines()
    if heading not in lines:
        return []
    body = []
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("## "):
            break
        body.append(line)
    return body


def map_violations(root, markdown, folder_table, targets):
    """Paths the document's tables name that do not exist, and folders of the folder-layers modules that
    "Folders, one job each" (when the document has that section) does not list. In a table row, a bare file name (`TextMerge.swift`) is in the
    folder of the last path before it in that row; a pattern (`*`, `…`) is not checked."""
    problems = []
    roots = tuple(sorted({folder.split("/")[0] + "/" for folder, _ in targets.values()} | {"scripts/", "docs/"}))
    for number, line in enumerate(markdown.splitlines(), 1):
        if not line.startswith("|"):
            continue
        folder = None
        for token in CODE_SPAN.findall(line):
            if "*" in token or "…" in token or " " in token:
                continue
            if token.startswith(roots):
                if not os.path.exists(os.path.join(root, token)):
                    problems.append(f"docs/ARCHITECTURE.md:{number}: {token} does not exist")
                folder = token if os.path.isdir(os.path.join(root, token)) else os.path.dirname(token)
            elif token.endswith(".swift") and "/" not in token and folder is not None:
                if not os.path.exists(os.path.join(root, folder, token)):
                    problems.append(f"docs/ARCHITECTURE.md:{number}: {token} is not in {folder}")
    if JOBS_HEADING not in markdown.splitlines():
        return problems
    listed = set()
    for line in section(markdown, JOBS_HEADING):
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith(roots):
            listed.add(cells[0].rstrip("/"))
    for module, layers in sorted(folder_table.items()):
        if module not in targets:
            continue
        for folder in sorted(layers):
            path = targets[module][0].rstrip("/") + ("" if folder == "." else "/" + folder)
            if folder != "." and path not in listed:
                problems.append(f"{path} has no line in \"{JOBS_HEADING[3:]}\" of docs/ARCHITECTURE.md")
    return problems


def index_folder_violations(references, folder_table, targets):
    """The folder rule again over the compiler's own references (``index_references``): every use of a symbol
    (a type, a member from an extension, a function) defined in a folder of the same or a higher layer, once per
    using file, symbol and defining file."""
    problems = set()
    for user, line, home, name in references:
        if name.startswith(("getter:", "setter:")):
            continue  # the property itself is named too
        module = owner(user, targets)
        if module not in folder_table or owner(home, targets) != module:
            continue
        layers, module_folder = folder_table[module], targets[module][0]
        used_from, defined_in = folder_of(user, module_folder), folder_of(home, module_folder)
        if used_from == defined_in or used_from not in layers or defined_in not in layers:
            continue
        if layers[defined_in] >= layers[used_from]:
            problems.add(
                f"{user}: {module_folder}/{used_from} (layer {layers[used_from]}) uses {name} from {home} "
                f"({module_folder}/{defined_in}, layer {layers[defined_in]}), in the compiler's index: "
                "folders may use only lower layers")
    return sorted(problems)


def targets_from_describe(description):
    """{target: (path, set of declared project target dependencies)}."""
    names = {target["name"] for target in description["targets"]}
    return {
        target["name"]: (target["path"], {d for d in target.get("target_dependencies", []) if d in names})
        for target in description["targets"]
    }


def owner(path, targets):
    """The target whose folder holds `path` (the longest matching folder: Server/App is ServerApp's)."""
    best = None
    for name, (folder, _) in targets.items():
        if path == folder or path.startswith(folder.rstrip("/") + "/"):
            if best is None or len(folder) > len(targets[best][0]):
                best = name
    return best


def imports_by_file(root, targets):
    """{relative path: (target, [(line number, imported project module)])}."""
    project = set(targets)
    found = {}
    for name, (folder, _) in targets.items():
        for directory, _, files in os.walk(os.path.join(root, folder)):
            for file in files:
                if not file.endswith(".swift"):
                    continue
                relative = os.path.relpath(os.path.join(directory, file), root)
                if owner(relative, targets) != name:
                    continue
                with open(os.path.join(root, relative), encoding="utf-8") as handle:
                    modules = [
                        (number, match.group(1))
                        for number, line in enumerate(handle, 1)
                        if (match := IMPORT.match(line)) and match.group(1) in project
                    ]
                found[relative] = (name, modules)
    return found


def violations(table, targets, imports):
    """Every way the package breaks the table, one sentence each."""
    problems = []
    for name in sorted(targets):
        if name not in table:
            problems.append(f"target {name} is not in the layers table of docs/ARCHITECTURE.md")
    for name, (layer, allowed) in sorted(table.items()):
        if name not in targets:
            problems.append(f"the layers table names {name}, which Package.swift does not have")
            continue
        for dependency in sorted(allowed):
            if dependency not in table:
                problems.append(f"the layers table lets {name} import {dependency}, which it does not list")
            elif table[dependency][0] >= layer:
                problems.append(
                    f"the layers table lets {name} (layer {layer}) import {dependency} (layer {table[dependency][0]}): "
                    "imports must point to a lower layer")
        for dependency in sorted(targets[name][1] - allowed):
            problems.append(f"Package.swift lets {name} depend on {dependency}, which the layers table does not allow")
    for path, (name, modules) in sorted(imports.items()):
        allowed = table.get(name, (0, set()))[1]
        for number, module in modules:
            if module != name and module not in allowed:
                problems.append(f"{path}:{number}: {name} imports {module}, which the layers table does not allow")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--describe", help="a saved `swift package describe --type json`")
    parser.add_argument("--root", default=".", help="the package's folder")
    parser.add_argument(
        "--index-store",
        help="also check the folder layers against the references the compiler resolved, read from this index "
             "store (`$(swift build --show-bin-path)/index/store` after a build)")
    arguments = parser.parse_args()
    if arguments.describe:
        with open(arguments.describe, encoding="utf-8") as handle:
            description = json.load(handle)
    else:
        output = subprocess.run(
            [os.environ.get("SWIFT", "swift"), "package", "describe", "--type", "json"],
            cwd=arguments.root, check=True, capture_output=True, text=True).stdout
        description = json.loads(output[output.index("{"):])
    with open(os.path.join(arguments.root, "docs", "ARCHITECTURE.md"), encoding="utf-8") as handle:
        markdown = handle.read()
    table, folder_table = read_table(markdown), read_folder_table(markdown)
    targets = targets_from_describe(description)
    problems = violations(table, targets, imports_by_file(arguments.root, targets))
    problems += folder_violations(arguments.root, folder_table, targets)
    problems += map_violations(arguments.root, markdown, folder_table, targets)
    indexed = None
    if arguments.index_store:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import index_references
        library = index_references.library_path(os.environ.get("SWIFT", "swift"))
        indexed = index_references.references(arguments.index_store, arguments.root, library)
        problems += index_folder_violations(indexed, folder_table, targets)
    for problem in problems:
        print(f"layers: {problem}", file=sys.stderr)
    if problems:
        return 1
    files = sum(1 for _ in imports_by_file(arguments.root, targets))
    folders = sum(len(layers) for layers in folder_table.values())
    print(f"layers: {len(targets)} targets, {files} Swift files, every import allowed by docs/ARCHITECTURE.md; "
          f"{folders} folders in {len(folder_table)} modules use only lower folders"
          + ("" if indexed is None else f" (also in the compiler's index: {len(indexed)} references between files)")
          + "; every path in the map exists")
    return 0


if __name__ == "__main__":
    sys.exit(main())

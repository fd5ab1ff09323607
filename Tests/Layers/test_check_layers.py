"""Tests of scripts/check-layers.py: it passes the package as it is and fails on a wrong import, a
wrong dependency in Package.swift, a target missing from the table, a table that points upwards, and a
folder that uses a type of a folder at its own or a higher layer, a path in the map that does not exist, a
folder without its line in "Folders, one job each", and a use the compiler's index records of a member that a
higher folder declares in an extension (which no name in the text would show)."""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "scripts", "check-layers.py")
spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
check_layers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_layers)

TABLE = """# Architecture

## Layers

| Target | Layer | May import |
|---|---|---|
| `Core` | 0 | — |
| `Store` | 1 | `Core` |
| `App` | 2 | `Store`, `Core` |

## Next
"""


def describe(store_dependencies=("Core",)):
    return {"targets": [
        {"name": "Core", "path": "Core", "target_dependencies": []},
        {"name": "Store", "path": "Store", "target_dependencies": list(store_dependencies)},
        {"name": "App", "path": "Store/App", "target_dependencies": ["Store", "Core"]},
    ]}


class CheckLayersTests(unittest.TestCase):
    def package(self, files, table=TABLE, description=None):
        """A throwaway package folder with `files`, the table and a saved description; returns the exit code and output."""
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root)
        os.makedirs(os.path.join(root, "docs"))
        with open(os.path.join(root, "docs", "ARCHITECTURE.md"), "w") as handle:
            handle.write(table)
        for path, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w") as handle:
                handle.write(text)
        saved = os.path.join(root, "describe.json")
        self.last_description = saved
        with open(saved, "w") as handle:
            json.dump(description or describe(), handle)
        result = subprocess.run(
            [sys.executable, SCRIPT, "--root", root, "--describe", saved], capture_output=True, text=True)
        return result.returncode, result.stdout + result.stderr

    GOOD = {
        "Core/Value.swift": "import Foundation\n",
        "Store/Store.swift": "import Foundation\nimport Core\n",
        "Store/App/main.swift": "import Store\n@testable import Core\n",
    }

    def test_allowed_imports_pass(self):
        code, output = self.package(self.GOOD)
        self.assertEqual(code, 0, output)

    def test_a_lower_layer_importing_a_higher_one_fails(self):
        files = dict(self.GOOD, **{"Core/Value.swift": "import Foundation\n@testable import Store\n"})
        code, output = self.package(files)
        self.assertEqual(code, 1)
        self.assertIn("Core/Value.swift:2: Core imports Store", output)

    def test_a_file_in_a_nested_target_folder_belongs_to_that_target(self):
        files = dict(self.GOOD, **{"Store/Store.swift": "import App\n"})
        code, output = self.package(files)
        self.assertEqual(code, 1)
        self.assertIn("Store/Store.swift:1: Store imports App", output)

    def test_a_dependency_the_table_does_not_allow_fails(self):
        code, output = self.package(self.GOOD, description=describe(store_dependencies=("Core", "App")))
        self.assertEqual(code, 1)
        self.assertIn("Package.swift lets Store depend on App", output)

    def test_a_table_pointing_upwards_or_missing_a_target_fails(self):
        upwards = TABLE.replace("| `Core` | 0 | — |", "| `Core` | 0 | `Store` |").replace("| `App` | 2 | `Store`, `Core` |\n", "")
        code, output = self.package(self.GOOD, table=upwards)
        self.assertEqual(code, 1)
        self.assertIn("lets Core (layer 0) import Store (layer 1)", output)
        self.assertIn("target App is not in the layers table", output)

    def test_the_import_pattern_reads_attributes_and_kinds(self):
        match = check_layers.IMPORT.match
        self.assertEqual(match("@testable import SatchelServer").group(1), "SatchelServer")
        self.assertEqual(match("@_spi(Testing) import Hummingbird").group(1), "Hummingbird")
        self.assertEqual(match("import struct Foundation.Date").group(1), "Foundation")
        self.assertIsNone(match("// import SatchelServer"))


    FOLDERS = TABLE.replace("## Next", """## Folder layers

| Module | Folder | Layer |
|---|---|---|
| `Store` | `.` | 0 |
| `Store` | `Disk` | 1 |
| `Store` | `Cache` | 1 |

## Next""")

    FOLDER_FILES = dict(GOOD, **{
        "Store/Store.swift": "import Core\npublic protocol Store {}\n",
        "Store/Disk/DiskStore.swift": "struct DiskStore: Store {\n    let log = \"Cache\" // uses Cache? no: text\n}\n",
        "Store/Cache/Cache.swift": "/// Wraps a ``DiskStore``.\nfinal class Cache: Store {}\n",
    })

    def test_folders_using_only_lower_folders_pass(self):
        code, output = self.package(self.FOLDER_FILES, table=self.FOLDERS)
        self.assertEqual(code, 0, output)
        self.assertIn("3 folders in 1 modules use only lower folders", output)

    def test_a_folder_using_a_type_of_its_own_layer_fails(self):
        files = dict(self.FOLDER_FILES, **{"Store/Cache/Cache.swift": "final class Cache: Store { let disk: DiskStore }\n"})
        code, output = self.package(files, table=self.FOLDERS)
        self.assertEqual(code, 1)
        self.assertIn("Store/Cache/Cache.swift: Store/Cache (layer 1) uses DiskStore from Store/Disk (layer 1)", output)

    def test_a_lower_folder_using_a_higher_one_fails_also_inside_an_interpolation(self):
        files = dict(self.FOLDER_FILES, **{"Store/Store.swift": "public protocol Store {}\nlet name = \"\\(Cache.self)\"\n"})
        code, output = self.package(files, table=self.FOLDERS)
        self.assertEqual(code, 1)
        self.assertIn("Store/Store.swift: Store/. (layer 0) uses Cache from Store/Cache (layer 1)", output)

    def test_a_folder_missing_from_the_table_fails(self):
        files = dict(self.FOLDER_FILES, **{"Store/Net/Remote.swift": "struct Remote {}\n"})
        code, output = self.package(files, table=self.FOLDERS)
        self.assertEqual(code, 1)
        self.assertIn("folder Store/Net is not in the folder layers table", output)

    JOBS = FOLDERS.replace("## Next", """## Folders, one job each

| Folder | Job |
|---|---|
| `Store/Disk` | Files on disk |
| `Store/Cache` | What was read lately |

## Where is it

| Rule | File |
|---|---|
| Writes | `Store/Disk/DiskStore.swift`, `Store/Store.swift` |

## Next""")

    def test_a_map_whose_paths_exist_and_folders_have_jobs_passes(self):
        code, output = self.package(self.FOLDER_FILES, table=self.JOBS)
        self.assertEqual(code, 0, output)
        self.assertIn("every path in the map exists", output)

    def test_a_path_in_the_map_that_does_not_exist_fails(self):
        table = self.JOBS.replace("`Store/Store.swift`", "`Store/Writer.swift`, `Cache.swift`")
        code, output = self.package(self.FOLDER_FILES, table=table)
        self.assertEqual(code, 1)
        self.assertIn("docs/ARCHITECTURE.md:30: Store/Writer.swift does not exist", output)
        self.assertIn("docs/ARCHITECTURE.md:30: Cache.swift is not in Store", output)

    def test_a_folder_without_its_job_line_fails(self):
        table = self.JOBS.replace("| `Store/Cache` | What was read lately |\n", "")
        code, output = self.package(self.FOLDER_FILES, table=table)
        self.assertEqual(code, 1)
        self.assertIn('Store/Cache has no line in "Folders, one job each"', output)

    def test_the_compilers_references_to_a_higher_folder_fail(self):
        targets = check_layers.targets_from_describe(describe())
        table = check_layers.read_folder_table(self.FOLDERS)
        references = [
            ("Store/Cache/Cache.swift", 3, "Store/Store.swift", "Store"),
            ("Store/Disk/DiskStore.swift", 7, "Store/Disk/Format.swift", "format(_:)"),
            ("Store/App/main.swift", 1, "Store/Cache/Cache.swift", "Cache"),
            ("Store/Store.swift", 9, "Store/Cache/Cache+Warm.swift", "warm()"),
            ("Store/Store.swift", 9, "Store/Cache/Cache+Warm.swift", "getter:warmed"),
            ("Store/Disk/DiskStore.swift", 4, "Store/Cache/Cache+Warm.swift", "warm()"),
        ]
        self.assertEqual(check_layers.index_folder_violations(references, table, targets), [
            "Store/Disk/DiskStore.swift: Store/Disk (layer 1) uses warm() from Store/Cache/Cache+Warm.swift "
            "(Store/Cache, layer 1), in the compiler's index: folders may use only lower layers",
            "Store/Store.swift: Store/. (layer 0) uses warm() from Store/Cache/Cache+Warm.swift "
            "(Store/Cache, layer 1), in the compiler's index: folders may use only lower layers",
        ])

    @unittest.skipUnless(shutil.which("swiftc"), "needs swiftc to write an index store")
    def test_a_member_from_an_extension_in_a_higher_folder_fails_only_by_the_index(self):
        files = dict(self.FOLDER_FILES, **{
            "Store/Cache/Cache.swift": "extension String {\n    var warmed: Int { count }\n}\nfinal class Cache: Store {}\n",
            "Store/Disk/DiskStore.swift": "struct DiskStore: Store {\n    let size = \"x\".warmed\n}\n",
            "Store/Store.swift": "public protocol Store {}\n",
        })
        code, output = self.package(files, table=self.FOLDERS)
        self.assertEqual(code, 0, output)  # no type name of a higher folder in the text
        root = os.path.dirname(self.last_description)
        store, objects = os.path.join(root, "index"), os.path.join(root, "objects")
        os.makedirs(objects)
        sources = [os.path.join(root, path) for path in ("Store/Store.swift", "Store/Cache/Cache.swift", "Store/Disk/DiskStore.swift")]
        subprocess.run(
            ["swiftc", "-parse-as-library", "-c", "-module-name", "Store", "-index-store-path", store,
             "-index-ignore-system-modules", *sources], cwd=objects, check=True, capture_output=True)
        result = subprocess.run(
            [sys.executable, SCRIPT, "--root", root, "--describe", self.last_description, "--index-store", store],
            capture_output=True, text=True, env=dict(os.environ, SWIFT="swiftc"))
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn(
            "Store/Disk/DiskStore.swift: Store/Disk (layer 1) uses warmed from Store/Cache/Cache.swift (Store/Cache, "
            "layer 1), in the compiler's index", result.stderr)


if __name__ == "__main__":
    unittest.main()

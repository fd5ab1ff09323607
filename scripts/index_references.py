"""Reads the compiler's index store (written by `swift build` as it compiles) through the toolchain's
libIndexStore: for every Swift file of a folder, which symbols it references and in which file each is
defined. Unlike reading names in the text, it sees what the compiler resolved: members declared in an
extension in another folder, nested types, free functions, operators and implicit uses.

    references(store, root, library)  # [(referencing file, line, defining file, symbol name)], paths relative to root
"""
import ctypes
import os
import shutil

ROLE_DECLARATION, ROLE_DEFINITION, ROLE_REFERENCE = 1, 2, 4
DEPENDENCY_RECORD = 2


class _StringRef(ctypes.Structure):
    _fields_ = [("data", ctypes.c_char_p), ("length", ctypes.c_size_t)]


def _text(ref):
    return ctypes.string_at(ref.data, ref.length).decode() if ref.length else ""


def library_path(swift="swift"):
    """libIndexStore of the toolchain whose `swift` is given: `<toolchain>/usr/lib/libIndexStore.so`."""
    found = shutil.which(swift)
    if not found:
        raise SystemExit(f"no {swift} on the PATH to find libIndexStore beside")
    return os.path.join(os.path.dirname(os.path.realpath(found)), "..", "lib", "libIndexStore.so")


def _load(path):
    lib = ctypes.CDLL(path)
    pointer = ctypes.c_void_p
    for name, result, arguments in [
        ("indexstore_store_create", pointer, [ctypes.c_char_p, ctypes.POINTER(pointer)]),
        ("indexstore_store_dispose", None, [pointer]),
        ("indexstore_unit_reader_create", pointer, [pointer, ctypes.c_char_p, ctypes.POINTER(pointer)]),
        ("indexstore_unit_reader_dispose", None, [pointer]),
        ("indexstore_unit_reader_get_main_file", _StringRef, [pointer]),
        ("indexstore_unit_reader_get_modification_time",
         None, [pointer, ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_int64)]),
        ("indexstore_unit_dependency_get_kind", ctypes.c_int, [pointer]),
        ("indexstore_unit_dependency_get_filepath", _StringRef, [pointer]),
        ("indexstore_unit_dependency_get_name", _StringRef, [pointer]),
        ("indexstore_record_reader_create", pointer, [pointer, ctypes.c_char_p, ctypes.POINTER(pointer)]),
        ("indexstore_record_reader_dispose", None, [pointer]),
        ("indexstore_occurrence_get_symbol", pointer, [pointer]),
        ("indexstore_occurrence_get_roles", ctypes.c_uint64, [pointer]),
        ("indexstore_occurrence_get_line_col",
         None, [pointer, ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(ctypes.c_uint)]),
        ("indexstore_symbol_get_usr", _StringRef, [pointer]),
        ("indexstore_symbol_get_name", _StringRef, [pointer]),
        ("indexstore_error_get_description", ctypes.c_char_p, [pointer]),
    ]:
        function = getattr(lib, name)
        function.restype, function.argtypes = result, arguments
    return lib


_UNIT = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, _StringRef)
_EACH = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_void_p)


def references(store_path, root, library):
    """Every reference from a Swift file under `root` to a symbol defined in a Swift file under `root`, as
    the newest unit of each file recorded it: [(referencing file, line, defining file, symbol name)]."""
    lib = _load(library)
    lib.indexstore_store_units_apply_f.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_void_p, _UNIT]
    lib.indexstore_unit_reader_dependencies_apply_f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, _EACH]
    lib.indexstore_record_reader_occurrences_apply_f.argtypes = [ctypes.c_void_p, ctypes.c_void_p, _EACH]
    root = os.path.realpath(root) + os.sep
    error = ctypes.c_void_p()
    store = lib.indexstore_store_create(store_path.encode(), ctypes.byref(error))
    if not store:
        raise SystemExit(f"cannot read the index store {store_path}: {lib.indexstore_error_get_description(error).decode()}")
    units = []
    lib.indexstore_store_units_apply_f(store, 0, None, _UNIT(lambda _, name: units.append(_text(name)) or True))
    newest = {}  # source file -> ((seconds, nanoseconds), record name); older units are stale builds
    for unit in units:
        reader = lib.indexstore_unit_reader_create(store, unit.encode(), ctypes.byref(error))
        if not reader:
            continue
        main = _text(lib.indexstore_unit_reader_get_main_file(reader))
        if main.startswith(root) and main.endswith(".swift") and os.path.exists(main):
            seconds, nanoseconds = ctypes.c_int64(), ctypes.c_int64()
            lib.indexstore_unit_reader_get_modification_time(reader, ctypes.byref(seconds), ctypes.byref(nanoseconds))
            records = []

            def dependency(_, item, main=main, records=records):
                if (lib.indexstore_unit_dependency_get_kind(item) == DEPENDENCY_RECORD
                        and _text(lib.indexstore_unit_dependency_get_filepath(item)) == main):
                    records.append(_text(lib.indexstore_unit_dependency_get_name(item)))
                return True

            lib.indexstore_unit_reader_dependencies_apply_f(reader, None, _EACH(dependency))
            stamp = (seconds.value, nanoseconds.value)
            if records and (main not in newest or newest[main][0] < stamp):
                newest[main] = (stamp, records[0])
        lib.indexstore_unit_reader_dispose(reader)
    definitions, uses = {}, []
    for main, (_, record) in sorted(newest.items()):
        reader = lib.indexstore_record_reader_create(store, record.encode(), ctypes.byref(error))
        if not reader:
            continue

        def occurrence(_, item, main=main):
            symbol = lib.indexstore_occurrence_get_symbol(item)
            roles = lib.indexstore_occurrence_get_roles(item)
            usr = _text(lib.indexstore_symbol_get_usr(symbol))
            if roles & ROLE_DEFINITION or (roles & ROLE_DECLARATION and not roles & ROLE_REFERENCE):
                definitions.setdefault(usr, set()).add(main)
            elif roles & ROLE_REFERENCE:
                line, column = ctypes.c_uint(), ctypes.c_uint()
                lib.indexstore_occurrence_get_line_col(item, ctypes.byref(line), ctypes.byref(column))
                uses.append((main, line.value, usr, _text(lib.indexstore_symbol_get_name(symbol))))
            return True

        lib.indexstore_record_reader_occurrences_apply_f(reader, None, _EACH(occurrence))
        lib.indexstore_record_reader_dispose(reader)
    lib.indexstore_store_dispose(store)
    found = []
    for main, line, usr, name in uses:
        for home in sorted(definitions.get(usr, ())):
            if home != main:
                found.append((os.path.relpath(main, root), line, os.path.relpath(home, root), name))
    return found

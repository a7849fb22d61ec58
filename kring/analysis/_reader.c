/*
 * kring.analysis._reader: read a chunk of plain-dict networks into flat columns, validating.
 *
 * This is the compiled twin of `_Batch` in engine.py (the pure-Python reader, which stays the
 * reference and the fallback). It only decides "valid" or "not valid": on anything unexpected
 * it gives back None and the caller asks the per-item validator (network.py) for the message.
 * It must never accept what that validator refuses; tests compare both readers on generated
 * valid and invalid input.
 *
 * What the Python side passes (built from schema.py, so this file holds no field names):
 *   fields   dict: field name -> field index (position in schema.FIELDS)
 *   spec     tuple, one (kind, column, low, high, table) per field index
 *   required bit mask of the field indexes that must be present and not null
 *   ncols    number of uint8 output columns
 *   ordinals dict: ISO date text -> proleptic ordinal (a cache shared between calls)
 *   parse    callable: text -> ordinal or None (not a date)
 *   limit    the cache is not grown past this many entries
 *
 * Kinds: ID (int or str, unique per network), INT (exact int in low..high, stored as value -
 * low; absent stores -low, i.e. the value 0), ENUM (exact str found in table; stores the code),
 * TEXT (exact str), BOOL (true/false, stores 1/0), DATE (exact str that parse accepts; column
 * >= 0 stores the ordinal in the date output, absent -1), FUNCTIONS (exact list of str found in
 * table; column >= 0 stores the bit mask in the mask output), INTRODUCER (int or str naming a
 * contact of the same network; stores 1). A null value counts as absent for every field. A
 * column of -1 means "check only".
 *
 * Gives back (contact_counts, tie_counts, columns, dates, masks, tie_a, tie_b) as bytearrays:
 * int64 per network, uint8 columns one after the other (ncols x contacts), int64 per contact,
 * int64 per contact, and int64 chunk positions of both ends of every tie.
 *
 * Only exact dicts, lists, ints and strs are looked into, so no code of a caller's own classes
 * runs while borrowed references are held; the one callback (parse) gets a str.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

enum { K_ID, K_INT, K_ENUM, K_TEXT, K_BOOL, K_DATE, K_FUNCTIONS, K_INTRODUCER };
#define MAX_FIELDS 64

typedef struct {
    int kind;
    Py_ssize_t column;
    long low, high;
    PyObject *table; /* borrowed from spec */
} Field;

/* The ids of one network: open addressing on (hash, object), no Python objects created. */
typedef struct {
    PyObject **keys;
    Py_hash_t *hashes;
    Py_ssize_t *positions;
    size_t capacity; /* a power of two, at least twice the contacts */
} IdTable;

/* The ties of one network, as (low << 32 | high) + 1 of local positions; 0 is empty. */
typedef struct {
    uint64_t *slots;
    size_t capacity;
} PairSet;

static int grow(void **buffer, size_t *capacity, size_t needed, size_t item) {
    if (needed <= *capacity) return 0;
    size_t size = 16;
    while (size < needed) size <<= 1;
    void *fresh = PyMem_Realloc(*buffer, size * item);
    if (fresh == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *buffer = fresh;
    *capacity = size;
    return 0;
}

static int is_id(PyObject *value) { return PyLong_CheckExact(value) || PyUnicode_CheckExact(value); }

/* 1 when two ids (each an exact int or str) are equal, 0 when not, -1 on error. */
static int same_id(PyObject *a, PyObject *b) {
    if (a == b) return 1;
    if (Py_TYPE(a) != Py_TYPE(b)) return 0;
    return PyObject_RichCompareBool(a, b, Py_EQ);
}

static int ids_reset(IdTable *table, Py_ssize_t contacts) {
    size_t needed = 16;
    while (needed < (size_t)contacts * 2 + 1) needed <<= 1;
    if (needed > table->capacity) {
        PyObject **keys = PyMem_Realloc(table->keys, needed * sizeof(PyObject *));
        if (keys == NULL) goto fail;
        table->keys = keys;
        Py_hash_t *hashes = PyMem_Realloc(table->hashes, needed * sizeof(Py_hash_t));
        if (hashes == NULL) goto fail;
        table->hashes = hashes;
        Py_ssize_t *positions = PyMem_Realloc(table->positions, needed * sizeof(Py_ssize_t));
        if (positions == NULL) goto fail;
        table->positions = positions;
        table->capacity = needed;
    } else {
        needed = table->capacity;
        /* Shrink the probed range for small networks after a large one. */
        while (needed > 16 && needed / 2 >= (size_t)contacts * 2 + 1) needed >>= 1;
        table->capacity = needed;
    }
    memset(table->keys, 0, table->capacity * sizeof(PyObject *));
    return 0;
fail:
    PyErr_NoMemory();
    return -1;
}

/* Add an id; 1 when added, 0 when it is already there (a duplicate), -1 on error. */
static int ids_add(IdTable *table, PyObject *key, Py_ssize_t position) {
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) return -1;
    size_t mask = table->capacity - 1;
    size_t slot = (size_t)hash & mask;
    for (;;) {
        PyObject *other = table->keys[slot];
        if (other == NULL) break;
        if (table->hashes[slot] == hash) {
            int same = same_id(other, key);
            if (same != 0) return same < 0 ? -1 : 0;
        }
        slot = (slot + 1) & mask;
    }
    table->keys[slot] = key;
    table->hashes[slot] = hash;
    table->positions[slot] = position;
    return 1;
}

/* The local position of an id, -1 when it is not there, -2 on error. */
static Py_ssize_t ids_find(IdTable *table, PyObject *key) {
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) return -2;
    size_t mask = table->capacity - 1;
    size_t slot = (size_t)hash & mask;
    for (;;) {
        PyObject *other = table->keys[slot];
        if (other == NULL) return -1;
        if (table->hashes[slot] == hash) {
            int same = same_id(other, key);
            if (same < 0) return -2;
            if (same) return table->positions[slot];
        }
        slot = (slot + 1) & mask;
    }
}

static int pairs_reset(PairSet *set, Py_ssize_t ties) {
    size_t needed = 16;
    while (needed < (size_t)ties * 2 + 1) needed <<= 1;
    if (needed > set->capacity) {
        uint64_t *slots = PyMem_Realloc(set->slots, needed * sizeof(uint64_t));
        if (slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        set->slots = slots;
    }
    set->capacity = needed;
    memset(set->slots, 0, needed * sizeof(uint64_t));
    return 0;
}

/* 1 when the pair is new, 0 when it was seen before. */
static int pairs_add(PairSet *set, uint64_t key) {
    key += 1;
    size_t mask = set->capacity - 1;
    size_t slot = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
    while (set->slots[slot] != 0) {
        if (set->slots[slot] == key) return 0;
        slot = (slot + 1) & mask;
    }
    set->slots[slot] = key;
    return 1;
}

typedef struct {
    PyObject *fields, *ordinals, *parse;
    Field field[MAX_FIELDS];
    Py_ssize_t nfields, ncols, limit;
    uint64_t required;
} Context;

/* Read one field value of a contact. 1 valid, 0 invalid, -1 error. */
static int read_value(Context *ctx, Field *field, PyObject *value, Py_ssize_t row, Py_ssize_t m,
                      uint8_t *columns, int64_t *dates, int64_t *masks, PyObject **id_out,
                      PyObject **introducer_out) {
    switch (field->kind) {
    case K_ID:
        if (!is_id(value)) return 0;
        *id_out = value;
        return 1;
    case K_INT: {
        if (!PyLong_CheckExact(value)) return 0;
        int overflow = 0;
        long number = PyLong_AsLongAndOverflow(value, &overflow);
        if (overflow || number < field->low || number > field->high) return 0;
        if (field->column >= 0) columns[field->column * m + row] = (uint8_t)(number - field->low);
        return 1;
    }
    case K_ENUM: {
        if (!PyUnicode_CheckExact(value)) return 0;
        PyObject *code = PyDict_GetItemWithError(field->table, value);
        if (code == NULL) return PyErr_Occurred() ? -1 : 0;
        if (field->column >= 0) columns[field->column * m + row] = (uint8_t)PyLong_AsLong(code);
        return 1;
    }
    case K_TEXT:
        return PyUnicode_CheckExact(value) ? 1 : 0;
    case K_BOOL:
        if (value != Py_True && value != Py_False) return 0;
        if (field->column >= 0) columns[field->column * m + row] = value == Py_True;
        return 1;
    case K_DATE: {
        if (!PyUnicode_CheckExact(value)) return 0;
        PyObject *ordinal = PyDict_GetItemWithError(ctx->ordinals, value);
        long long number;
        if (ordinal != NULL) {
            number = PyLong_AsLongLong(ordinal);
        } else {
            if (PyErr_Occurred()) return -1;
            PyObject *parsed = PyObject_CallOneArg(ctx->parse, value);
            if (parsed == NULL) return -1;
            if (!PyLong_CheckExact(parsed)) {
                Py_DECREF(parsed);
                return 0;
            }
            number = PyLong_AsLongLong(parsed);
            if (PyDict_GET_SIZE(ctx->ordinals) < ctx->limit &&
                PyDict_SetItem(ctx->ordinals, value, parsed) < 0) {
                Py_DECREF(parsed);
                return -1;
            }
            Py_DECREF(parsed);
        }
        if (number == -1 && PyErr_Occurred()) return -1;
        if (field->column >= 0) dates[row] = (int64_t)number;
        return 1;
    }
    case K_FUNCTIONS: {
        if (!PyList_CheckExact(value)) return 0;
        int64_t mask = 0;
        Py_ssize_t count = PyList_GET_SIZE(value);
        for (Py_ssize_t i = 0; i < count; i++) {
            PyObject *item = PyList_GET_ITEM(value, i);
            if (!PyUnicode_CheckExact(item)) return 0;
            PyObject *bit = PyDict_GetItemWithError(field->table, item);
            if (bit == NULL) return PyErr_Occurred() ? -1 : 0;
            mask |= (int64_t)1 << PyLong_AsLong(bit);
        }
        if (field->column >= 0) masks[row] = mask;
        return 1;
    }
    case K_INTRODUCER:
        if (!is_id(value)) return 0;
        if (field->column >= 0) columns[field->column * m + row] = 1;
        *introducer_out = value;
        return 1;
    }
    return 0;
}

#define INVALID 0
#define FAILED -1

/*
 * Field names seen in this call, by object address: the keys of most contacts are the very
 * same string objects (a JSON decoder shares repeated keys, the ORM and literals do too), so
 * one pointer comparison replaces a dict lookup. Only objects that stay alive for the whole
 * call (keys of the caller's dicts, which this reader never changes) are remembered, and the
 * cache is thrown away at the end of the call.
 */
#define KEY_SLOTS 256
typedef struct {
    PyObject *key[KEY_SLOTS];
    long field[KEY_SLOTS];
} KeyCache;

/* The field index of a key, -1 when it is not a known field name, -2 on error. */
static long field_of(Context *ctx, KeyCache *cache, PyObject *key) {
    size_t slot = ((uintptr_t)key >> 4) % KEY_SLOTS;
    if (cache->key[slot] == key) return cache->field[slot];
    if (!PyUnicode_CheckExact(key)) return -1;
    PyObject *index = PyDict_GetItemWithError(ctx->fields, key);
    if (index == NULL) return PyErr_Occurred() ? -2 : -1;
    long f = PyLong_AsLong(index);
    cache->key[slot] = key;
    cache->field[slot] = f;
    return f;
}

static int read_chunk(Context *ctx, PyObject *networks, PyObject **contact_lists,
                      PyObject **tie_lists, Py_ssize_t size, Py_ssize_t m, uint8_t *columns,
                      int64_t *dates, int64_t *masks, int64_t *tie_a, int64_t *tie_b) {
    IdTable ids = {0};
    PairSet pairs = {0};
    KeyCache keys;
    memset(&keys, 0, sizeof(keys));
    PyObject **introducers = NULL;
    size_t introducer_capacity = 0;
    int result = FAILED;
    Py_ssize_t row = 0, tie_row = 0;

    for (Py_ssize_t n = 0; n < size; n++) {
        PyObject *contacts = contact_lists[n];
        Py_ssize_t count = PyList_GET_SIZE(contacts);
        Py_ssize_t first = row;
        size_t introducer_count = 0;
        if (ids_reset(&ids, count) < 0) goto done;
        if (grow((void **)&introducers, &introducer_capacity, (size_t)count + 1,
                 sizeof(PyObject *)) < 0)
            goto done;
        for (Py_ssize_t c = 0; c < count; c++, row++) {
            PyObject *contact = PyList_GET_ITEM(contacts, c);
            if (!PyDict_CheckExact(contact)) goto invalid;
            PyObject *key, *value, *id = NULL, *introducer = NULL;
            Py_ssize_t position = 0;
            uint64_t seen = 0;
            while (PyDict_Next(contact, &position, &key, &value)) {
                long f = field_of(ctx, &keys, key);
                if (f == -2) goto done;
                if (f == -1) goto invalid; /* not a string, or an unknown field */
                if (value == Py_None) continue;
                seen |= (uint64_t)1 << f;
                int ok = read_value(ctx, &ctx->field[f], value, row, m, columns, dates, masks,
                                    &id, &introducer);
                if (ok < 0) goto done;
                if (ok == 0) goto invalid;
            }
            if ((seen & ctx->required) != ctx->required) goto invalid;
            int added = ids_add(&ids, id, c);
            if (added < 0) goto done;
            if (added == 0) goto invalid; /* a duplicate id */
            if (introducer != NULL) introducers[introducer_count++] = introducer;
        }
        for (size_t i = 0; i < introducer_count; i++) {
            Py_ssize_t found = ids_find(&ids, introducers[i]);
            if (found == -2) goto done;
            if (found == -1) goto invalid;
        }

        PyObject *ties = tie_lists[n];
        Py_ssize_t tie_count = ties == NULL ? 0 : PyList_GET_SIZE(ties);
        if (tie_count == 0) continue;
        if (pairs_reset(&pairs, tie_count) < 0) goto done;
        for (Py_ssize_t t = 0; t < tie_count; t++, tie_row++) {
            PyObject *tie = PyList_GET_ITEM(ties, t);
            if (!PyList_CheckExact(tie)) goto invalid;
            Py_ssize_t length = PyList_GET_SIZE(tie);
            if (length != 2 && length != 3) goto invalid;
            PyObject *a = PyList_GET_ITEM(tie, 0), *b = PyList_GET_ITEM(tie, 1);
            if (!is_id(a) || !is_id(b)) goto invalid;
            Py_ssize_t pa = ids_find(&ids, a), pb = ids_find(&ids, b);
            if (pa == -2 || pb == -2) goto done;
            if (pa < 0 || pb < 0 || pa == pb) goto invalid; /* missing contact, self-tie */
            if (length == 3) {
                PyObject *strength = PyList_GET_ITEM(tie, 2);
                if (!PyLong_CheckExact(strength)) goto invalid;
                int overflow = 0;
                long value = PyLong_AsLongAndOverflow(strength, &overflow);
                if (overflow || (value != 1 && value != 2)) goto invalid;
            }
            uint64_t low = (uint64_t)(pa < pb ? pa : pb), high = (uint64_t)(pa < pb ? pb : pa);
            if (!pairs_add(&pairs, low << 32 | high)) goto invalid; /* a duplicate tie */
            tie_a[tie_row] = first + pa;
            tie_b[tie_row] = first + pb;
        }
    }
    result = 1;
    goto done;
invalid:
    result = INVALID;
done:
    PyMem_Free(ids.keys);
    PyMem_Free(ids.hashes);
    PyMem_Free(ids.positions);
    PyMem_Free(pairs.slots);
    PyMem_Free(introducers);
    return result;
}

static int load_spec(Context *ctx, PyObject *spec) {
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) > MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "spec must be a tuple of at most 64 fields");
        return -1;
    }
    ctx->nfields = PyTuple_GET_SIZE(spec);
    for (Py_ssize_t i = 0; i < ctx->nfields; i++) {
        Field *field = &ctx->field[i];
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(spec, i), "inllO", &field->kind, &field->column,
                              &field->low, &field->high, &field->table))
            return -1;
        if (field->column >= ctx->ncols && field->kind != K_DATE && field->kind != K_FUNCTIONS) {
            PyErr_SetString(PyExc_ValueError, "spec names a column that does not exist");
            return -1;
        }
        if ((field->kind == K_ENUM || field->kind == K_FUNCTIONS) && !PyDict_Check(field->table)) {
            PyErr_SetString(PyExc_TypeError, "an enumeration needs a dict");
            return -1;
        }
    }
    return 0;
}

static PyObject *reader_read(PyObject *self, PyObject *args) {
    PyObject *networks, *spec;
    Context ctx;
    unsigned long long required;
    memset(&ctx, 0, sizeof(ctx));
    if (!PyArg_ParseTuple(args, "O!O!O!KnO!On:read", &PyList_Type, &networks, &PyDict_Type,
                          &ctx.fields, &PyTuple_Type, &spec, &required, &ctx.ncols,
                          &PyDict_Type, &ctx.ordinals, &ctx.parse, &ctx.limit))
        return NULL;
    ctx.required = required;
    if (load_spec(&ctx, spec) < 0) return NULL;
    /* Every field index in `fields` must have a spec entry. */
    {
        PyObject *key, *value;
        Py_ssize_t position = 0;
        while (PyDict_Next(ctx.fields, &position, &key, &value)) {
            long f = PyLong_AsLong(value);
            if (f < 0 || f >= ctx.nfields) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "a field index has no spec");
                return NULL;
            }
        }
    }

    Py_ssize_t size = PyList_GET_SIZE(networks);
    PyObject **contact_lists = PyMem_Calloc((size_t)size + 1, sizeof(PyObject *));
    PyObject **tie_lists = PyMem_Calloc((size_t)size + 1, sizeof(PyObject *));
    PyObject *result = NULL, *contact_counts = NULL, *tie_counts = NULL, *columns = NULL,
             *dates = NULL, *masks = NULL, *tie_a = NULL, *tie_b = NULL;
    PyObject *contacts_key = PyUnicode_InternFromString("contacts");
    PyObject *ties_key = PyUnicode_InternFromString("ties");
    if (contact_lists == NULL || tie_lists == NULL || contacts_key == NULL || ties_key == NULL) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    contact_counts = PyByteArray_FromStringAndSize(NULL, size * 8);
    tie_counts = PyByteArray_FromStringAndSize(NULL, size * 8);
    if (contact_counts == NULL || tie_counts == NULL) goto done;
    int64_t *contact_count = (int64_t *)PyByteArray_AS_STRING(contact_counts);
    int64_t *tie_count = (int64_t *)PyByteArray_AS_STRING(tie_counts);

    /* First pass: the top level of every network, and the totals. */
    Py_ssize_t m = 0, t = 0;
    for (Py_ssize_t n = 0; n < size; n++) {
        PyObject *network = PyList_GET_ITEM(networks, n);
        if (!PyDict_CheckExact(network)) goto invalid;
        PyObject *contacts = PyDict_GetItemWithError(network, contacts_key);
        if (contacts == NULL) {
            if (PyErr_Occurred()) goto done;
            goto invalid;
        }
        PyObject *ties = PyDict_GetItemWithError(network, ties_key);
        if (ties == NULL && PyErr_Occurred()) goto done;
        if (PyDict_GET_SIZE(network) != 1 + (ties != NULL)) goto invalid; /* unknown key */
        if (!PyList_CheckExact(contacts)) goto invalid;
        if (ties != NULL && !PyList_CheckExact(ties)) goto invalid;
        contact_lists[n] = contacts;
        tie_lists[n] = ties;
        contact_count[n] = PyList_GET_SIZE(contacts);
        tie_count[n] = ties == NULL ? 0 : PyList_GET_SIZE(ties);
        m += contact_count[n];
        t += tie_count[n];
    }

    columns = PyByteArray_FromStringAndSize(NULL, ctx.ncols * m);
    dates = PyByteArray_FromStringAndSize(NULL, m * 8);
    masks = PyByteArray_FromStringAndSize(NULL, m * 8);
    tie_a = PyByteArray_FromStringAndSize(NULL, t * 8);
    tie_b = PyByteArray_FromStringAndSize(NULL, t * 8);
    if (columns == NULL || dates == NULL || masks == NULL || tie_a == NULL || tie_b == NULL)
        goto done;
    uint8_t *column_data = (uint8_t *)PyByteArray_AS_STRING(columns);
    int64_t *date_data = (int64_t *)PyByteArray_AS_STRING(dates);
    memset(column_data, 0, (size_t)(ctx.ncols * m));
    for (Py_ssize_t i = 0; i < m; i++) date_data[i] = -1;
    memset(PyByteArray_AS_STRING(masks), 0, (size_t)m * 8);
    /* An absent INT field stores the value 0. */
    for (Py_ssize_t f = 0; f < ctx.nfields; f++) {
        Field *field = &ctx.field[f];
        if (field->kind == K_INT && field->column >= 0)
            memset(column_data + field->column * m, (int)(uint8_t)(-field->low), (size_t)m);
    }

    int status = read_chunk(&ctx, networks, contact_lists, tie_lists, size, m, column_data,
                            date_data, (int64_t *)PyByteArray_AS_STRING(masks),
                            (int64_t *)PyByteArray_AS_STRING(tie_a),
                            (int64_t *)PyByteArray_AS_STRING(tie_b));
    if (status == FAILED) goto done;
    if (status == INVALID) goto invalid;
    result = PyTuple_Pack(7, contact_counts, tie_counts, columns, dates, masks, tie_a, tie_b);
    goto done;
invalid:
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(contact_lists);
    PyMem_Free(tie_lists);
    Py_XDECREF(contacts_key);
    Py_XDECREF(ties_key);
    Py_XDECREF(contact_counts);
    Py_XDECREF(tie_counts);
    Py_XDECREF(columns);
    Py_XDECREF(dates);
    Py_XDECREF(masks);
    Py_XDECREF(tie_a);
    Py_XDECREF(tie_b);
    return result;
}

static PyMethodDef methods[] = {
    {"read", reader_read, METH_VARARGS,
     "read(networks, fields, spec, required, ncols, ordinals, parse, limit) -> tuple | None\n\n"
     "Read and check a chunk of plain-dict networks into flat columns; None when one is not "
     "valid."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "kring.analysis._reader",
    .m_doc = "Compiled reader of plain-dict networks (see engine.py).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__reader(void) { return PyModule_Create(&module); }

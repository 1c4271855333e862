/* The compiled engine of incamera.redact (issue 11; docs/decisions/0033-compiled-redaction-engine.md).
 *
 * ``Engine.redact(text, lang)`` does in one call what engine.py's pure-Python path does for a
 * note: the normal form with its offset map (normalize.py), the leftmost-longest matches of the
 * roster's surface forms with script-aware boundaries, titles and weak forms (engine.py's
 * ``_find``), e-mail addresses, URLs, handles and phone numbers (pii.py), and the placeholders
 * (engine.py's ``_replace``).  It returns ``(text, spans, placeholders)``, or ``None`` when the
 * note holds a character whose normal form is not exactly one character (then engine.py takes
 * its pure-Python path).  Every rule here is a transcription of the Python one beside it, and
 * tests/redact/test_compiled.py checks both give the same result on random and corpus notes.
 *
 * What needs Python's tables stays in Python and is asked once per character or form and
 * remembered: a character's normal form (``fold_char``), a placeholder (``pair``), whether a
 * candidate is a phone number (``is_phone``, backed by libphonenumber's metadata).
 *
 * Matching walks a trie of the forms' normal forms from each position (a bitmap of first
 * characters turns most positions away at once): the longest form starting at the leftmost
 * position wins, and the walk resumes after it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define NLANGS 6
#define F_STARTS 1
#define F_ENDS 2
#define F_INNER 4
#define F_WEAK 8
#define F_PERSON 16

/* ---------------------------------------------------------------- small containers */

typedef struct {
    Py_UCS4 *data;
    Py_ssize_t len, cap;
} ubuf;

static int ubuf_reserve(ubuf *b, Py_ssize_t more) {
    if (b->len + more <= b->cap) return 0;
    Py_ssize_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more) cap *= 2;
    Py_UCS4 *data = PyMem_Realloc(b->data, (size_t)cap * sizeof(Py_UCS4));
    if (!data) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

static int ubuf_put(ubuf *b, const Py_UCS4 *s, Py_ssize_t n) {
    if (n == 0) return 0;
    if (ubuf_reserve(b, n) < 0) return -1;
    memcpy(b->data + b->len, s, (size_t)n * sizeof(Py_UCS4));
    b->len += n;
    return 0;
}

/* A set of code points: a bitmap for the BMP, a short list beyond it. */
typedef struct {
    uint8_t bits[0x10000 / 8];
    Py_UCS4 *astral;
    Py_ssize_t nastral;
} cpset;

static int cpset_add(cpset *s, Py_UCS4 c) {
    if (c < 0x10000) {
        s->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
        return 0;
    }
    Py_UCS4 *more = PyMem_Realloc(s->astral, (size_t)(s->nastral + 1) * sizeof(Py_UCS4));
    if (!more) {
        PyErr_NoMemory();
        return -1;
    }
    s->astral = more;
    s->astral[s->nastral++] = c;
    return 0;
}

static inline int cpset_has(const cpset *s, Py_UCS4 c) {
    if (c < 0x10000) return (s->bits[c >> 3] >> (c & 7)) & 1;
    for (Py_ssize_t i = 0; i < s->nastral; i++)
        if (s->astral[i] == c) return 1;
    return 0;
}

/* A map from strings of code points to ints (open addressing, FNV-1a). */
typedef struct {
    uint64_t hash;
    Py_ssize_t off, len;
    int value;
    int used;
} sslot;

typedef struct {
    sslot *slots;
    size_t mask;
    ubuf pool;
    Py_ssize_t longest;
} smap;

static uint64_t hash_ucs4(const Py_UCS4 *s, Py_ssize_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int smap_init(smap *m, size_t expected) {
    size_t size = 16;
    while (size < expected * 2 + 2) size *= 2;
    m->slots = PyMem_Calloc(size, sizeof(sslot));
    if (!m->slots) {
        PyErr_NoMemory();
        return -1;
    }
    m->mask = size - 1;
    return 0;
}

static int smap_get(const smap *m, const Py_UCS4 *s, Py_ssize_t n) {
    if (!m->slots || n > m->longest) return -1;
    uint64_t h = hash_ucs4(s, n);
    for (size_t i = h & m->mask;; i = (i + 1) & m->mask) {
        const sslot *slot = &m->slots[i];
        if (!slot->used) return -1;
        if (slot->hash == h && slot->len == n && memcmp(m->pool.data + slot->off, s, (size_t)n * sizeof(Py_UCS4)) == 0)
            return slot->value;
    }
}

/* Adds the string unless present; returns its value (the existing one if present). */
static int smap_put(smap *m, const Py_UCS4 *s, Py_ssize_t n, int value) {
    uint64_t h = hash_ucs4(s, n);
    size_t i;
    for (i = h & m->mask; m->slots[i].used; i = (i + 1) & m->mask) {
        sslot *slot = &m->slots[i];
        if (slot->hash == h && slot->len == n && memcmp(m->pool.data + slot->off, s, (size_t)n * sizeof(Py_UCS4)) == 0)
            return slot->value;
    }
    Py_ssize_t off = m->pool.len;
    if (ubuf_put(&m->pool, s, n) < 0) return -2;
    m->slots[i].used = 1;
    m->slots[i].hash = h;
    m->slots[i].off = off;
    m->slots[i].len = n;
    m->slots[i].value = value;
    if (n > m->longest) m->longest = n;
    return value;
}

static void smap_free(smap *m) {
    PyMem_Free(m->slots);
    PyMem_Free(m->pool.data);
    memset(m, 0, sizeof(*m));
}

/* A map from a Python sequence of str, each to its position. */
static int smap_from(smap *m, PyObject *iterable) {
    PyObject *seq = PySequence_Fast(iterable, "expected a sequence of str");
    if (!seq) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (smap_init(m, (size_t)n) < 0) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyUnicode_Check(item)) {
            PyErr_SetString(PyExc_TypeError, "expected str");
            goto fail;
        }
        Py_UCS4 *s = PyUnicode_AsUCS4Copy(item);
        if (!s) goto fail;
        int ok = smap_put(m, s, PyUnicode_GET_LENGTH(item), (int)i);
        PyMem_Free(s);
        if (ok == -2) goto fail;
    }
    Py_DECREF(seq);
    return 0;
fail:
    Py_DECREF(seq);
    return -1;
}

/* ---------------------------------------------------------------- the engine */

typedef struct {
    Py_ssize_t len;
    int flags;
    int person_code; /* 0: nobody (a namesake's spelling or a role) */
    PyObject *kind;  /* borrowed from ``kinds`` */
    PyObject *person;
    char *tail; /* its kind and person in JSON, once a line has needed them */
    Py_ssize_t tail_len;
} form_t;

typedef struct {
    PyObject_HEAD
    /* trie: child of (node, char) in a hash; terminal[node] = form index or -1 */
    int32_t nnodes;
    /* nodes in depth-first order, each with its children's characters
     * sorted in ``echar`` (their nodes in ``enode``), and the root's children by character */
    struct tnode {
        int32_t first, n, terminal;
        Py_UCS4 c0; /* the first child's character; in depth-first order that child is the next node */
    } *nodes;
    Py_UCS4 *echar;
    int32_t *enode;
    int32_t *root;
    /* the nodes two characters deep, by those characters: most positions stop here */
    uint64_t *bikeys;
    int32_t *binodes;
    uint32_t bibits;
    /* a bit per hash of two characters that may start a form (or one that is a form by itself):
     * most positions are turned away by one look in it */
    uint8_t maystart[1 << 13];
    uint8_t single[0x10000 / 8]; /* a bit by the low 16 bits of a character: may be a form by itself */
    /* the children of nodes with many (after "ال", "the "), by (node, character) */
    uint64_t *wkeys;
    int32_t *wnodes;
    size_t wmask;
    Py_ssize_t longest;
    Py_ssize_t nforms;
    form_t *forms;
    int npersons;
    PyObject *keys, *flags, *kinds, *persons; /* copies: the forms borrow from the last two */
    /* titles */
    cpset after_first;
    smap after_titles;
    Py_ssize_t after_lengths[64];
    int nafter_lengths;
    smap before, last_words, title_counts;
    int *counts; /* title_counts' value v: counts[v] = how many, then the counts */
    Py_ssize_t ncounts;
    /* Chinese one-character surnames */
    ubuf after_han; /* the words, back to back */
    Py_ssize_t *after_han_off, *after_han_len;
    Py_ssize_t nafter_han;
    cpset clause_start;
    /* Python's help, asked once and remembered */
    PyObject *pair_fn, *pii_pair_fn, *is_phone_fn, *fold_char_fn, *span_type;
    PyObject **pairs; /* NLANGS * nforms: (plain, capitalised), or their prefix for a person */
    PyObject *pii_pairs[4][NLANGS];
    uint32_t *nf; /* the normal form of each BMP character: see NF_* */
    int started, ready; /* __init__ began; __init__ finished */
} Engine;

#define NF_UNKNOWN 0xFFFFFFFFu
#define NF_COMPLEX 0xFFFFFFFEu
#define NF_DELETED 0xFFFFFFFDu

static PyObject *KIND_URL, *KIND_EMAIL, *KIND_HANDLE, *KIND_PHONE;
enum { PII_URL, PII_EMAIL, PII_HANDLE, PII_PHONE };

static const Py_UCS4 PROCLITICS[] = {0x0648, 0x0641, 0x0628, 0x0644, 0x0643}; /* و ف ب ل ك */

static inline int is_proclitic(Py_UCS4 c) {
    for (int i = 0; i < 5; i++)
        if (PROCLITICS[i] == c) return 1;
    return 0;
}

static inline int is_alnum(Py_UCS4 c) {
    if (c < 128) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return Py_UNICODE_ISALNUM(c);
}

/* engine.py ``_is_word``: a letter or digit of an alphabetic script; Han and kana join anything. */
static inline int is_word(Py_UCS4 c) { return is_alnum(c) && (c < 0x3040 || c > 0xd7af); }

static inline int is_space(Py_UCS4 c) {
    if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
    return Py_UNICODE_ISSPACE(c);
}

static inline int is_ascii_word(Py_UCS4 c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* ---- the trie */

static inline size_t trie_slot(uint64_t key, size_t mask) {
    key ^= key >> 33; /* MurmurHash3's finaliser: the node's bits reach the low ones */
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return (size_t)key & mask;
}


#define WIDE 6 /* more children than this: found by hash, fewer: side by side */

static inline size_t bigram_slot(const Engine *e, Py_UCS4 a, Py_UCS4 b) {
    return (size_t)((uint32_t)(a * 2654435761u ^ b * 2246822519u) >> (32 - e->bibits));
}

static inline size_t maystart_bit(Py_UCS4 a, Py_UCS4 b) { return (size_t)((uint32_t)(a * 2246822519u + b * 3266489917u) >> 16); }

static inline int32_t bigram(const Engine *e, Py_UCS4 a, Py_UCS4 b) {
    uint64_t key = (uint64_t)a << 32 | b;
    size_t mask = ((size_t)1 << e->bibits) - 1;
    for (size_t i = bigram_slot(e, a, b);; i = (i + 1) & mask) {
        int32_t node = e->binodes[i];
        if (node < 0 || e->bikeys[i] == key) return node;
    }
}


/* The trie of the keys, which come sorted (``pool`` holds them back to back): each key's nodes
 * are made after the prefix it shares with the one before, so they come in depth-first order
 * (a node's first child is the next node) with no look-up; then each node's children, already
 * in order of their characters, side by side.  A step then reads one node and a few characters
 * next to each other. */
static int trie_build(Engine *e, const Py_UCS4 *pool, const Py_ssize_t *offs, Py_ssize_t nkeys, Py_ssize_t chars) {
    size_t cap = (size_t)chars + 2;
    int32_t *parent = PyMem_Malloc(cap * sizeof(int32_t));
    Py_UCS4 *chr = PyMem_Malloc(cap * sizeof(Py_UCS4));
    int32_t *terminal = PyMem_Malloc(cap * sizeof(int32_t));
    int32_t *count = PyMem_Calloc(cap, sizeof(int32_t));
    int32_t *fill = PyMem_Calloc(cap, sizeof(int32_t));
    int32_t *path = PyMem_Malloc(((size_t)e->longest + 2) * sizeof(int32_t));
    int ok = -1;
    if (!parent || !chr || !terminal || !count || !fill || !path) {
        PyErr_NoMemory();
        goto done;
    }
    int32_t n = 1;
    terminal[0] = -1;
    path[0] = 0;
    for (Py_ssize_t i = 0; i < nkeys; i++) {
        const Py_UCS4 *key = pool + offs[i];
        Py_ssize_t len = offs[i + 1] - offs[i], shared = 0;
        if (i) {
            const Py_UCS4 *before = pool + offs[i - 1];
            Py_ssize_t blen = offs[i] - offs[i - 1];
            while (shared < len && shared < blen && key[shared] == before[shared]) shared++;
            if (shared == len || (shared < blen && key[shared] < before[shared])) {
                PyErr_SetString(PyExc_ValueError, "keys must be distinct and sorted");
                goto done;
            }
        }
        for (Py_ssize_t d = shared; d < len; d++) {
            parent[n] = path[d];
            chr[n] = key[d];
            terminal[n] = -1;
            count[path[d]]++;
            path[d + 1] = n++;
        }
        terminal[path[len]] = (int32_t)i;
    }
    e->nnodes = n;
    e->nodes = PyMem_Malloc((size_t)n * sizeof(struct tnode));
    e->echar = PyMem_Malloc((size_t)n * sizeof(Py_UCS4));
    e->enode = PyMem_Malloc((size_t)n * sizeof(int32_t));
    e->root = PyMem_Malloc(0x10000 * sizeof(int32_t));
    if (!e->nodes || !e->echar || !e->enode || !e->root) {
        PyErr_NoMemory();
        goto done;
    }
    int32_t at = 0;
    for (int32_t k = 0; k < n; k++) {
        e->nodes[k].first = at;
        e->nodes[k].n = count[k];
        e->nodes[k].terminal = terminal[k];
        at += count[k];
    }
    for (int32_t k = 1; k < n; k++) { /* in order made: a parent's children in order of their characters */
        int32_t slot = e->nodes[parent[k]].first + fill[parent[k]]++;
        e->echar[slot] = chr[k];
        e->enode[slot] = k;
    }
    for (int32_t k = 0; k < n; k++) e->nodes[k].c0 = count[k] ? e->echar[e->nodes[k].first] : 0xFFFFFFFFu;
    memset(e->root, 0xff, 0x10000 * sizeof(int32_t));
    for (int32_t c = 0; c < e->nodes[0].n; c++) {
        if (e->echar[c] < 0x10000) e->root[e->echar[c]] = e->enode[c];
        if (e->nodes[e->enode[c]].terminal >= 0) e->single[(e->echar[c] & 0xffff) >> 3] |= (uint8_t)(1u << (e->echar[c] & 7));
    }
    size_t pairs = 0;
    for (int32_t c = 0; c < e->nodes[0].n; c++) pairs += (size_t)e->nodes[e->enode[c]].n;
    e->bibits = 6;
    while (((size_t)1 << e->bibits) < pairs * 4) e->bibits++;
    size_t size = (size_t)1 << e->bibits;
    e->bikeys = PyMem_Malloc(size * sizeof(uint64_t));
    e->binodes = PyMem_Malloc(size * sizeof(int32_t));
    if (!e->bikeys || !e->binodes) {
        PyErr_NoMemory();
        goto done;
    }
    memset(e->binodes, 0xff, size * sizeof(int32_t));
    for (int32_t c = 0; c < e->nodes[0].n; c++) {
        const struct tnode *one = &e->nodes[e->enode[c]];
        for (int32_t d = 0; d < one->n; d++) {
            uint64_t key = (uint64_t)e->echar[c] << 32 | e->echar[one->first + d];
            size_t i = bigram_slot(e, e->echar[c], e->echar[one->first + d]);
            while (e->binodes[i] >= 0) i = (i + 1) & (size - 1);
            e->bikeys[i] = key;
            e->binodes[i] = e->enode[one->first + d];
            size_t bit = maystart_bit(e->echar[c], e->echar[one->first + d]);
            e->maystart[bit >> 3] |= (uint8_t)(1u << (bit & 7));
        }
    }
    size_t wide = 0;
    for (int32_t k = 1; k < n; k++)
        if (e->nodes[k].n > WIDE) wide += (size_t)e->nodes[k].n;
    size = 64;
    while (size < wide * 4) size *= 2;
    e->wmask = size - 1;
    e->wkeys = PyMem_Malloc(size * sizeof(uint64_t));
    e->wnodes = PyMem_Malloc(size * sizeof(int32_t));
    if (!e->wkeys || !e->wnodes) {
        PyErr_NoMemory();
        goto done;
    }
    memset(e->wnodes, 0xff, size * sizeof(int32_t));
    for (int32_t k = 1; k < n; k++) {
        if (e->nodes[k].n <= WIDE) continue;
        for (int32_t d = 0; d < e->nodes[k].n; d++) {
            uint64_t key = (uint64_t)(uint32_t)k << 32 | e->echar[e->nodes[k].first + d];
            size_t i = trie_slot(key, e->wmask);
            while (e->wnodes[i] >= 0) i = (i + 1) & e->wmask;
            e->wkeys[i] = key;
            e->wnodes[i] = e->enode[e->nodes[k].first + d];
        }
    }
    ok = 0;
done:
    PyMem_Free(parent);
    PyMem_Free(chr);
    PyMem_Free(terminal);
    PyMem_Free(count);
    PyMem_Free(fill);
    PyMem_Free(path);
    return ok;
}

static inline int32_t trie_child(const Engine *e, int32_t node, Py_UCS4 c) {
    if (node == 0 && c < 0x10000) return e->root[c];
    const struct tnode *t = &e->nodes[node];
    if (t->c0 == c) return node + 1;
    int32_t n = t->n;
    if (n <= WIDE) {
        const Py_UCS4 *chars = e->echar + t->first;
        for (int32_t k = 1; k < n; k++)
            if (chars[k] == c) return e->enode[t->first + k];
        return -1;
    }
    uint64_t key = (uint64_t)(uint32_t)node << 32 | c;
    for (size_t i = trie_slot(key, e->wmask);; i = (i + 1) & e->wmask) {
        int32_t child = e->wnodes[i];
        if (child < 0 || e->wkeys[i] == key) return child;
    }
}

static inline int32_t trie_terminal(const Engine *e, int32_t node) { return e->nodes[node].terminal; }

/* ---- one note */

typedef struct {
    Py_ssize_t start, end;
    int32_t index; /* form index, or -1 - PII_* for personal data */
    int person;    /* person code */
    int32_t order; /* for a stable sort */
} found_t;

typedef struct {
    found_t *items;
    Py_ssize_t len, cap;
} flist;

static int flist_push(flist *l, Py_ssize_t start, Py_ssize_t end, int32_t index, int person) {
    if (l->len == l->cap) {
        Py_ssize_t cap = l->cap ? l->cap * 2 : 64;
        found_t *items = PyMem_RawRealloc(l->items, (size_t)cap * sizeof(found_t));
        if (!items) return -1; /* may run without the GIL: the caller raises MemoryError */
        l->items = items;
        l->cap = cap;
    }
    found_t *f = &l->items[l->len];
    f->start = start;
    f->end = end;
    f->index = index;
    f->person = person;
    f->order = (int32_t)l->len;
    l->len++;
    return 0;
}

typedef struct {
    const Engine *e;
    const Py_UCS4 *N; /* the normal form */
    Py_ssize_t m;
} note_t;

/* engine.py ``_after_proclitic`` */
static inline int after_proclitic(const note_t *t, Py_ssize_t start) {
    return is_proclitic(t->N[start - 1]) && (start == 1 || !is_word(t->N[start - 2]));
}

/* engine.py ``_bounded`` */
static int bounded(const note_t *t, Py_ssize_t start, Py_ssize_t end) {
    const Py_UCS4 *N = t->N;
    if (is_word(N[start]) && start > 0 && is_word(N[start - 1]) && !after_proclitic(t, start)) return 0;
    return !(is_word(N[end - 1]) && end < t->m && is_word(N[end]));
}

/* engine.py ``_last_word_titles`` */
static int last_word_titles(const note_t *t, Py_ssize_t start) {
    const Py_UCS4 *N = t->N;
    Py_ssize_t low = start - 40 > 0 ? start - 40 : 0;
    Py_ssize_t space = -1;
    for (Py_ssize_t i = start - 2; i >= low; i--)
        if (N[i] == ' ') {
            space = i;
            break;
        }
    const Py_UCS4 *last = N + space + 1;
    Py_ssize_t n = start - 1 - (space + 1);
    if (n < 0) n = 0;
    const smap *words = &t->e->last_words;
    if (n > words->longest + 2) return 0;
    return smap_get(words, last, n) >= 0 || (n >= 1 && smap_get(words, last + 1, n - 1) >= 0) ||
           (n >= 2 && smap_get(words, last + 2, n - 2) >= 0);
}

static inline int in_before(const Engine *e, const Py_UCS4 *s, Py_ssize_t n) { return n >= 0 && smap_get(&e->before, s, n) >= 0; }

/* engine.py ``_title_before``: where a title before the name at ``start`` begins. */
static Py_ssize_t title_before(const note_t *t, Py_ssize_t start) {
    const Engine *e = t->e;
    Py_ssize_t w0 = start - 40 > 0 ? start - 40 : 0;
    const Py_UCS4 *W = t->N + w0;
    Py_ssize_t wlen = start - w0;
    Py_ssize_t tail = wlen;
    while (tail > 0 && is_space(W[tail - 1])) tail--;
    /* the words of the tail, from the last */
    Py_ssize_t wstart[48], wend[48];
    int nwords = 0;
    Py_ssize_t i = tail;
    while (i > 0 && nwords < 48) {
        while (i > 0 && is_space(W[i - 1])) i--;
        if (i == 0) break;
        Py_ssize_t end = i;
        while (i > 0 && !is_space(W[i - 1])) i--;
        wstart[nwords] = i;
        wend[nwords] = end;
        nwords++;
    }
    if (nwords == 0) return start;
    if (nwords == 48) { /* cannot happen in 40 characters, but count them all the same */
        while (i > 0) {
            while (i > 0 && is_space(W[i - 1])) i--;
            if (i == 0) break;
            while (i > 0 && !is_space(W[i - 1])) i--;
            nwords++;
        }
    }
    const Py_UCS4 *last = W + wstart[0];
    Py_ssize_t lastn = wend[0] - wstart[0];
    int counts[16];
    int ncounts = 0;
    int v = smap_get(&e->title_counts, last, lastn);
    int has_one = 0;
    if (v >= 0) {
        int k = e->counts[v];
        for (int j = 0; j < k && ncounts < 15; j++) {
            counts[ncounts++] = e->counts[v + 1 + j];
            if (e->counts[v + 1 + j] == 1) has_one = 1;
        }
    }
    if (!has_one && ((lastn >= 1 && in_before(e, last + 1, lastn - 1)) || (lastn >= 2 && in_before(e, last + 2, lastn - 2))))
        counts[ncounts++] = 1;
    Py_UCS4 candidate[96];
    for (int c = 0; c < ncounts; c++) {
        int count = counts[c];
        if (count < 1 || count > nwords || count > 48) continue;
        /* " ".join(words[-count:]) */
        Py_ssize_t cn = 0;
        int fits = 1;
        for (int w = count - 1; w >= 0; w--) {
            Py_ssize_t len = wend[w] - wstart[w];
            if (cn + len + 1 > (Py_ssize_t)(sizeof(candidate) / sizeof(candidate[0]))) {
                fits = 0;
                break;
            }
            memcpy(candidate + cn, W + wstart[w], (size_t)len * sizeof(Py_UCS4));
            cn += len;
            if (w) candidate[cn++] = ' ';
        }
        if (!fits) continue; /* longer than any title */
        int glued = 0;
        int found = in_before(e, candidate, cn);
        if (!found) {
            if (cn >= 1 && is_proclitic(candidate[0]) && in_before(e, candidate + 1, cn - 1))
                glued = 1;
            else if (cn >= 2 && (candidate[1] == '\'' || candidate[1] == 0x2019) && in_before(e, candidate + 2, cn - 2))
                glued = -1;
        }
        if (found || glued) return start - wlen + wstart[count - 1] + (glued > 0 ? glued : 0);
    }
    return start;
}

/* engine.py ``_with_title``: the span widened over a title before or after the name. */
static void with_title(const note_t *t, Py_ssize_t *start, Py_ssize_t *end) {
    const Engine *e = t->e;
    const Py_UCS4 *N = t->N;
    if (*end < t->m && cpset_has(&e->after_first, N[*end])) {
        for (int k = 0; k < e->nafter_lengths; k++) {
            Py_ssize_t length = e->after_lengths[k];
            if (*end + length <= t->m && smap_get(&e->after_titles, N + *end, length) >= 0) {
                *end += length;
                return;
            }
        }
    }
    if (*start < 2 || (N[*start - 1] != ' ' && N[*start - 1] != 0xa0) || !last_word_titles(t, *start)) return;
    *start = title_before(t, *start);
}

/* engine.py ``_inside``: the longest bounded match starting within a match that failed its
 * boundaries; returns its form index or -1. */
static int32_t inside(const note_t *t, Py_ssize_t *start, Py_ssize_t *end) {
    const Engine *e = t->e;
    Py_ssize_t stop = *end + e->longest < t->m ? *end + e->longest : t->m;
    Py_ssize_t best_start = -1, best_end = -1;
    int32_t best = -1;
    for (Py_ssize_t p = *start; p < *end; p++) {
        int32_t node = 0;
        for (Py_ssize_t j = p; j < stop; j++) {
            node = trie_child(e, node, t->N[j]);
            if (node < 0) break;
            int32_t form = trie_terminal(e, node);
            if (form < 0) continue;
            Py_ssize_t alt_end = j + 1;
            int better = best < 0 || p < best_start || (p == best_start && alt_end > best_end);
            if (better && !(p == *start && alt_end == *end) && bounded(t, p, alt_end)) {
                best = form;
                best_start = p;
                best_end = alt_end;
            }
        }
    }
    if (best >= 0) {
        *start = best_start;
        *end = best_end;
    }
    return best;
}

static int starts_with(const Py_UCS4 *s, Py_ssize_t n, const Py_UCS4 *prefix, Py_ssize_t k) {
    return k <= n && memcmp(s, prefix, (size_t)k * sizeof(Py_UCS4)) == 0;
}

/* engine.py ``_plainly_a_name``; ``original`` is the input's first character of the span. */
static int plainly_a_name(const note_t *t, Py_ssize_t start, Py_ssize_t end, Py_UCS4 original) {
    const Engine *e = t->e;
    Py_UCS4 first = t->N[start];
    if (first >= 0x4e00 && first <= 0x9fff) {
        if (end - start >= 2) return 1;
        if (!(start == 0 || cpset_has(&e->clause_start, t->N[start - 1]))) return 0;
        for (Py_ssize_t k = 0; k < e->nafter_han; k++)
            if (starts_with(t->N + end, t->m - end, e->after_han.data + e->after_han_off[k], e->after_han_len[k])) return 1;
        return 0;
    }
    if (first >= 0x0600 && first <= 0x06ff) return end - start >= 3;
    return Py_UNICODE_ISUPPER(original);
}

/* ---- the normal form (normalize.py), or -1 with no exception when a character is complex */

static int normal_char(Engine *e, Py_UCS4 c, uint32_t *out) {
    if (c >= 0x10000) {
        *out = NF_COMPLEX;
        return 0;
    }
    uint32_t v = e->nf[c];
    if (v == NF_UNKNOWN) {
        PyObject *ch = PyUnicode_FromOrdinal((int)c);
        if (!ch) return -1;
        PyObject *r = PyObject_CallOneArg(e->fold_char_fn, ch);
        Py_DECREF(ch);
        if (!r) return -1;
        if (r == Py_None)
            v = NF_COMPLEX;
        else if (PyUnicode_Check(r) && PyUnicode_GET_LENGTH(r) == 0)
            v = NF_DELETED;
        else if (PyUnicode_Check(r) && PyUnicode_GET_LENGTH(r) == 1)
            v = PyUnicode_READ_CHAR(r, 0);
        else {
            Py_DECREF(r);
            PyErr_SetString(PyExc_ValueError, "fold_char must give None, '' or one character");
            return -1;
        }
        Py_DECREF(r);
        e->nf[c] = v;
    }
    *out = v;
    return 0;
}

/* Makes the normal form of each of the text's characters known (asking Python, with the GIL):
 * 1, or 0 when one is complex, -1 on error. */
static int know_characters(Engine *e, const Py_UCS4 *T, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = T[i];
        if (c < 128) continue;
        if (c >= 0x10000) return 0;
        uint32_t v = e->nf[c];
        if (v == NF_UNKNOWN && normal_char(e, c, &v) < 0) return -1;
        if (v == NF_COMPLEX) return 0;
    }
    return 1;
}

/* Fills N (normal form) and src (input offset of each normal character), without the GIL, once
 * ``know_characters`` has said 1. */
static void normalize(const Engine *e, const Py_UCS4 *T, Py_ssize_t n, Py_UCS4 *N, Py_ssize_t *src, Py_ssize_t *m, int *moved) {
    Py_ssize_t k = 0;
    *moved = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = T[i];
        if (c < 128) {
            N[k] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
            src[k++] = i;
            continue;
        }
        uint32_t v = c < 0x10000 ? e->nf[c] : NF_COMPLEX; /* know_characters refused the latter */
        if (v == NF_DELETED) {
            *moved = 1;
            continue;
        }
        N[k] = v;
        src[k++] = i;
    }
    *m = k;
}

/* ---- personal data (pii.py ``find``), on the input */

static inline int url_char(Py_UCS4 c) {
    if (c >= 128) return 0;
    if (is_alnum(c)) return 1;
    return c && strchr("-._~:/?#[]@!$&'*+,;=%", (int)c) != NULL;
}

static inline int local_char(Py_UCS4 c) { return c < 128 && (is_alnum(c) || (c && strchr("._%+-", (int)c) != NULL)); }

static inline int domain_char(Py_UCS4 c) { return c < 128 && (is_alnum(c) || c == '-'); }

/* Unicode decimal digits (what ``\\d`` matches in Python's re), by a bitmap for the BMP */
static uint8_t DECIMAL[0x10000 / 8];

static inline int is_decimal(Py_UCS4 c) {
    if (c < 0x10000) return (DECIMAL[c >> 3] >> (c & 7)) & 1;
    return Py_UNICODE_ISDECIMAL(c);
}

static inline int phone_middle(Py_UCS4 c) {
    return is_decimal(c) || c == ' ' || c == 0xa0 || c == '(' || c == ')' || c == '.' || c == '-' || c == '/';
}

/* E-mail addresses, URLs and handles into ``out``; phone candidates into ``candidates``.  Runs
 * without the GIL: it allocates raw memory only, and returns -1 when that fails. */
static int pii_find(const Py_UCS4 *T, Py_ssize_t n, flist *out, flist *candidates) {
    Py_ssize_t urls_from = out->len;
    int any_url = 0;
    /* URLs: (?:https?://|www\.)[…]+, the end stripped of .,;:!?'[] */
    for (Py_ssize_t i = 0; i + 4 < n; i++) {
        Py_UCS4 c = T[i];
        if (c != 'h' && c != 'w') continue;
        Py_ssize_t p = -1;
        if (c == 'h' && T[i + 1] == 't' && T[i + 2] == 't' && T[i + 3] == 'p') {
            Py_ssize_t k = i + 4;
            if (k < n && T[k] == 's') k++;
            if (k + 2 < n && T[k] == ':' && T[k + 1] == '/' && T[k + 2] == '/') p = k + 3;
        } else if (c == 'w' && T[i + 1] == 'w' && T[i + 2] == 'w' && T[i + 3] == '.')
            p = i + 4;
        if (p < 0) continue;
        Py_ssize_t q = p;
        while (q < n && url_char(T[q])) q++;
        if (q == p) continue;
        Py_ssize_t end = q;
        while (end > i && T[end - 1] < 128 && strchr(".,;:!?'[]", (int)T[end - 1]) && T[end - 1]) end--;
        if (flist_push(out, i, end, -1 - PII_URL, 0) < 0) return -1;
        any_url = 1;
        i = q - 1;
    }
    Py_ssize_t urls_to = out->len;
    /* @[A-Za-z0-9_-]+(?:\.[A-Za-z0-9-]+)*: an e-mail address after a local part, else a handle */
    for (Py_ssize_t at = 0; at < n; at++) {
        if (T[at] != '@') continue;
        Py_ssize_t q = at + 1;
        while (q < n && (domain_char(T[q]) || T[q] == '_')) q++;
        if (q == at + 1) continue;
        int dot = 0;
        while (q + 1 < n && T[q] == '.' && domain_char(T[q + 1])) {
            dot = 1;
            q += 2;
            while (q < n && domain_char(T[q])) q++;
        }
        Py_ssize_t match_end = q;
        int in_url = 0;
        if (any_url)
            for (Py_ssize_t u = urls_from; u < urls_to; u++)
                if (out->items[u].start <= at && at < out->items[u].end) in_url = 1;
        if (!in_url) {
            Py_ssize_t local = 0;
            while (local < 64 && at - local - 1 >= 0 && local_char(T[at - local - 1])) local++;
            if (local && dot) {
                if (flist_push(out, at - local, match_end, -1 - PII_EMAIL, 0) < 0) return -1;
            } else if (!local && (at == 0 || (!is_ascii_word(T[at - 1]) && T[at - 1] != '@' && T[at - 1] != '.'))) {
                Py_ssize_t end = at + 1;
                while (end < match_end && T[end] != '.') end++;
                if (end - at >= 3 && end - at <= 31 && flist_push(out, at, end, -1 - PII_HANDLE, 0) < 0) return -1;
            }
        }
        at = match_end - 1;
    }
    /* [+(\d][\d  ().\-/]{6,21}\d, then libphonenumber */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = T[i];
        if (!(c == '+' || c == '(' || is_decimal(c))) continue;
        Py_ssize_t run = 0;
        while (run < 21 && i + 1 + run < n && phone_middle(T[i + 1 + run])) run++;
        Py_ssize_t end = -1;
        for (Py_ssize_t k = run; k >= 6; k--) {
            Py_ssize_t at = i + 1 + k;
            if (at < n && is_decimal(T[at])) {
                end = at + 1;
                break;
            }
        }
        if (end < 0) continue;
        Py_ssize_t start = i;
        i = end - 1;
        if (start && (is_ascii_word(T[start - 1]) || T[start - 1] == '+')) continue;
        if (end < n && is_ascii_word(T[end])) continue;
        if (flist_push(candidates, start, end, -1 - PII_PHONE, 0) < 0) return -1;
    }
    return 0;
}

/* The candidates libphonenumber finds to be phone numbers, after the other personal data (with
 * the GIL). */
static int phones(Engine *e, PyObject *text, const flist *candidates, flist *out) {
    for (Py_ssize_t k = 0; k < candidates->len; k++) {
        const found_t *c = &candidates->items[k];
        PyObject *number = PyUnicode_Substring(text, c->start, c->end);
        if (!number) return -1;
        PyObject *r = PyObject_CallOneArg(e->is_phone_fn, number);
        Py_DECREF(number);
        if (!r) return -1;
        int yes = PyObject_IsTrue(r);
        Py_DECREF(r);
        if (yes < 0) return -1;
        if (yes && flist_push(out, c->start, c->end, c->index, 0) < 0) {
            PyErr_NoMemory();
            return -1;
        }
    }
    return 0;
}

/* ---- placeholders */

static PyObject *pair_for(Engine *e, int32_t index, int lang) {
    PyObject **slot;
    PyObject *r;
    if (index >= 0) {
        slot = &e->pairs[(Py_ssize_t)lang * e->nforms + index];
        if (*slot) return *slot;
        r = PyObject_CallFunction(e->pair_fn, "ii", (int)index, lang);
    } else {
        int kind = -1 - index;
        slot = &e->pii_pairs[kind][lang];
        if (*slot) return *slot;
        PyObject *kinds[4] = {KIND_URL, KIND_EMAIL, KIND_HANDLE, KIND_PHONE};
        r = PyObject_CallFunction(e->pii_pair_fn, "Oi", kinds[kind], lang);
    }
    if (!r) return NULL;
    if (*slot) { /* another thread filled it while Python ran */
        Py_DECREF(r);
        return *slot;
    }
    if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(r, 0)) || !PyUnicode_Check(PyTuple_GET_ITEM(r, 1))) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_TypeError, "a placeholder must be a pair of str");
        return NULL;
    }
    *slot = r;
    return r;
}

/* engine.py's (and placeholders.py's) ``label``: A, B, … Z, AA, AB … */
static Py_ssize_t label(Py_ssize_t index, Py_UCS4 *out) {
    Py_UCS4 tmp[16];
    Py_ssize_t n = 0;
    index += 1;
    while (index && n < 16) {
        Py_ssize_t rest = (index - 1) % 26;
        index = (index - 1) / 26;
        tmp[n++] = (Py_UCS4)('A' + rest);
    }
    for (Py_ssize_t k = 0; k < n; k++) out[k] = tmp[n - 1 - k];
    return n;
}

static int cmp_found(const void *a, const void *b) {
    const found_t *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

static PyObject *kind_of(const Engine *e, int32_t index) {
    if (index >= 0) return e->forms[index].kind;
    PyObject *kinds[4] = {KIND_URL, KIND_EMAIL, KIND_HANDLE, KIND_PHONE};
    return kinds[-1 - index];
}

static PyObject *person_of(const Engine *e, int32_t index) { return index >= 0 ? e->forms[index].person : Py_None; }

/* engine.py ``_find``: the bounded matches of the forms, persons widened over a title beside
 * them, weak forms kept where they read as names; offsets into the input.  Runs without the
 * GIL: raw memory only, -1 when that fails. */
static int find_forms(const Engine *e, const Py_UCS4 *T, const Py_UCS4 *N, Py_ssize_t m, const Py_ssize_t *src, int moved,
                      unsigned char *named, flist *found, flist *weak) {
    note_t t = {e, N, m};
    if (e->nforms) {
        Py_ssize_t i = 0;
        while (i < m) {
            /* A form of one character (a Chinese surname) ends here, or a longer one goes on:
             * two small bitmaps turn most positions away before any table is read. */
            Py_UCS4 c = N[i];
            int32_t best = -1, node = -1;
            if ((e->single[(c & 0xffff) >> 3] >> (c & 7)) & 1) {
                int32_t one = trie_child(e, 0, c);
                if (one >= 0) best = trie_terminal(e, one);
            }
            if (i + 1 < m) {
                size_t bit = maystart_bit(c, N[i + 1]);
                if ((e->maystart[bit >> 3] >> (bit & 7)) & 1) node = bigram(e, c, N[i + 1]);
            }
            if (node < 0 && best < 0) {
                i++;
                continue;
            }
            Py_ssize_t best_end = i + 1;
            if (node >= 0 && trie_terminal(e, node) >= 0) {
                best = trie_terminal(e, node);
                best_end = i + 2;
            }
            for (Py_ssize_t j = i + 2; node >= 0 && j < m; j++) {
                node = trie_child(e, node, N[j]);
                if (node < 0) break;
                int32_t form = trie_terminal(e, node);
                if (form >= 0) {
                    best = form;
                    best_end = j + 1;
                }
            }
            if (best < 0) {
                i++;
                continue;
            }
            Py_ssize_t start = i, end = best_end;
            i = best_end;
            int32_t index = best;
            const form_t *f = &e->forms[index];
            int is_bounded = 1;
            if ((f->flags & F_STARTS) && start) {
                Py_UCS4 ch = N[start - 1];
                is_bounded = !(is_alnum(ch) && (ch < 0x3040 || ch > 0xd7af)) || after_proclitic(&t, start);
            }
            if (is_bounded && (f->flags & F_ENDS) && end < m) is_bounded = !is_word(N[end]);
            if (!is_bounded) {
                if (!(f->flags & F_INNER)) continue;
                index = inside(&t, &start, &end);
                if (index < 0) continue;
                f = &e->forms[index];
            }
            if (f->flags & F_WEAK) {
                if (flist_push(weak, start, end, index, f->person_code) < 0) return -1;
                continue;
            }
            named[f->person_code] = 1;
            if (f->flags & F_PERSON) with_title(&t, &start, &end);
            if (flist_push(found, start, end, index, f->person_code) < 0) return -1;
        }
        for (Py_ssize_t k = 0; k < weak->len; k++) {
            found_t *w = &weak->items[k];
            Py_ssize_t start = w->start, end = w->end;
            with_title(&t, &start, &end);
            if (start != w->start || end != w->end) {
                if (flist_push(found, start, end, w->index, w->person) < 0) return -1;
            } else if (named[w->person] || plainly_a_name(&t, w->start, w->end, T[src[w->start]])) {
                if (flist_push(found, w->start, w->end, w->index, w->person) < 0) return -1;
            }
        }
        if (moved)
            for (Py_ssize_t k = 0; k < found->len; k++) {
                found->items[k].start = src[found->items[k].start];
                found->items[k].end = src[found->items[k].end - 1] + 1;
            }
    }
    return 0;
}

/* ---- Engine.redact */

/* The --jsonl line in UTF-8: JSON as Python's json.dumps(ensure_ascii=False) writes it, but for
 * a lone surrogate (which UTF-8 cannot hold), written as its escape. */
typedef struct {
    char *data;
    Py_ssize_t len, cap;
} bbuf;

static int bbuf_reserve(bbuf *b, Py_ssize_t more) {
    if (b->len + more <= b->cap) return 0;
    Py_ssize_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more) cap *= 2;
    char *data = PyMem_RawRealloc(b->data, (size_t)cap);
    if (!data) return -1; /* may run without the GIL: the caller raises MemoryError */
    b->data = data;
    b->cap = cap;
    return 0;
}

static int put_bytes(bbuf *b, const char *s, Py_ssize_t n) {
    if (n == 0) return 0;
    if (bbuf_reserve(b, n) < 0) return -1;
    memcpy(b->data + b->len, s, (size_t)n);
    b->len += n;
    return 0;
}

#define PUT_LITERAL(b, s) put_bytes((b), (s), (Py_ssize_t)sizeof(s) - 1)

static int put_number(bbuf *b, Py_ssize_t v) {
    char digits[24];
    int n = 0;
    if (v == 0) digits[n++] = '0';
    while (v > 0) {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    }
    if (bbuf_reserve(b, n) < 0) return -1;
    while (n) b->data[b->len++] = digits[--n];
    return 0;
}

static const char HEX[] = "0123456789abcdef";

/* One code point inside a JSON string, in UTF-8 (at most 6 bytes: "\\u001f", "\\udc80"). */
static inline char *json_char(char *o, Py_UCS4 c) {
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
                *o++ = (char)c;
                return o;
            }
            *o++ = '\\';
            switch (c) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '\b': *o++ = 'b'; break;
            case '\f': *o++ = 'f'; break;
            case '\n': *o++ = 'n'; break;
            case '\r': *o++ = 'r'; break;
            case '\t': *o++ = 't'; break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = HEX[c >> 4];
                *o++ = HEX[c & 15];
            }
        } else if (c < 0x800) {
            *o++ = (char)(0xc0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3f));
        } else if (c >= 0xd800 && c <= 0xdfff) {
            *o++ = '\\';
            *o++ = 'u';
            *o++ = HEX[c >> 12];
            *o++ = HEX[(c >> 8) & 15];
            *o++ = HEX[(c >> 4) & 15];
            *o++ = HEX[c & 15];
        } else if (c < 0x10000) {
            *o++ = (char)(0xe0 | (c >> 12));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        } else {
            *o++ = (char)(0xf0 | (c >> 18));
            *o++ = (char)(0x80 | ((c >> 12) & 0x3f));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
        return o;
}

/* Code points inside a JSON string (no quotes). */
static int put_json_chars(bbuf *b, const Py_UCS4 *s, Py_ssize_t n) {
    if (bbuf_reserve(b, n * 6) < 0) return -1;
    char *o = b->data + b->len;
    for (Py_ssize_t k = 0; k < n; k++) o = json_char(o, s[k]);
    b->len = o - b->data;
    return 0;
}

/* A str's characters inside a JSON string: read in place, so no GIL is needed while the str
 * lives. */
static int put_json_str_chars(bbuf *b, PyObject *str) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(str);
    int kind = PyUnicode_KIND(str);
    const void *data = PyUnicode_DATA(str);
    if (bbuf_reserve(b, n * 6) < 0) return -1;
    char *o = b->data + b->len;
    for (Py_ssize_t k = 0; k < n; k++) o = json_char(o, PyUnicode_READ(kind, data, k));
    b->len = o - b->data;
    return 0;
}

static int put_json_str(bbuf *b, PyObject *str) {
    if (str == Py_None) return PUT_LITERAL(b, "null");
    if (PUT_LITERAL(b, "\"") < 0 || put_json_str_chars(b, str) < 0) return -1;
    return PUT_LITERAL(b, "\"");
}

/* ``"kind", "participant id"`` (or null) of a form, in JSON, made once. */
static int span_tail(Engine *e, int32_t index, const char **data, Py_ssize_t *len) {
    static const char *PII_TAILS[4] = {"\"url\", null", "\"email\", null", "\"handle\", null", "\"phone\", null"};
    if (index < 0) {
        *data = PII_TAILS[-1 - index];
        *len = (Py_ssize_t)strlen(*data);
        return 0;
    }
    form_t *f = &e->forms[index];
    if (!f->tail) {
        bbuf b = {0};
        if (put_json_str(&b, f->kind) < 0 || PUT_LITERAL(&b, ", ") < 0 || put_json_str(&b, f->person) < 0) {
            PyMem_RawFree(b.data);
            PyErr_NoMemory();
            return -1;
        }
        f->tail = b.data;
        f->tail_len = b.len;
    }
    *data = f->tail;
    *len = f->tail_len;
    return 0;
}

/* ---- a note, in phases: what needs the GIL (Python's objects and callbacks) apart from what
 * does not (the scan and the output line), so that a batch of notes lets go of the GIL twice */

typedef struct {
    PyObject *piece; /* the placeholder, or what comes before the person's letter: held by the cache */
    Py_UCS4 letter[16];
    Py_ssize_t nletter;
    const char *tail; /* ``"kind", "participant"`` in JSON */
    Py_ssize_t tail_len;
} chosen_t;

enum { NOTE_OK, NOTE_PURE, NOTE_NO_MEMORY };

typedef struct {
    PyObject *text; /* borrowed from the caller */
    int lang;
    int state;
    Py_UCS4 *T, *N;
    Py_ssize_t n, m, *src;
    int moved;
    unsigned char *named;
    flist found, weak, candidates;
    chosen_t *chosen;
    bbuf js;
} note;

/* With the GIL: the text's code points, each character's normal form known. */
static int note_start(Engine *e, note *nt) {
    nt->n = PyUnicode_GET_LENGTH(nt->text);
    nt->T = PyUnicode_AsUCS4Copy(nt->text);
    if (!nt->T) return -1;
    int ok = PyUnicode_IS_ASCII(nt->text) ? 1 : know_characters(e, nt->T, nt->n);
    if (ok < 0) return -1;
    if (ok == 0) {
        nt->state = NOTE_PURE;
        return 0;
    }
    nt->N = PyMem_RawMalloc((size_t)(nt->n + 1) * sizeof(Py_UCS4));
    nt->src = PyMem_RawMalloc((size_t)(nt->n + 1) * sizeof(Py_ssize_t));
    nt->named = PyMem_RawCalloc((size_t)e->npersons + 1, 1);
    if (!nt->N || !nt->src || !nt->named) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

/* Without the GIL: the normal form, the forms' matches, the personal data and phone candidates. */
static void note_scan(const Engine *e, note *nt) {
    if (nt->state != NOTE_OK) return;
    normalize(e, nt->T, nt->n, nt->N, nt->src, &nt->m, &nt->moved);
    if ((e->nforms && find_forms(e, nt->T, nt->N, nt->m, nt->src, nt->moved, nt->named, &nt->found, &nt->weak) < 0) ||
        pii_find(nt->T, nt->n, &nt->found, &nt->candidates) < 0)
        nt->state = NOTE_NO_MEMORY;
    /* what the next phases do not need: a batch of notes waits with little */
    PyMem_RawFree(nt->N);
    PyMem_RawFree(nt->src);
    PyMem_RawFree(nt->named);
    PyMem_RawFree(nt->weak.items);
    nt->N = NULL;
    nt->src = NULL;
    nt->named = NULL;
    nt->weak.items = NULL;
    nt->weak.len = nt->weak.cap = 0;
}

/* With the GIL: the phone numbers, the spans kept (leftmost-longest, no overlap: engine.py
 * ``_replace``) and each one's placeholder and letter. */
static int note_choose(Engine *e, note *nt, int json) {
    if (nt->state == NOTE_NO_MEMORY) {
        PyErr_NoMemory();
        return -1;
    }
    if (nt->state != NOTE_OK) return 0;
    if (phones(e, nt->text, &nt->candidates, &nt->found) < 0) return -1;
    flist *found = &nt->found;
    if (found->len == 0) return 0;
    for (Py_ssize_t k = 0; k < found->len; k++) found->items[k].order = (int32_t)k;
    qsort(found->items, (size_t)found->len, sizeof(found_t), cmp_found);
    Py_ssize_t kept = 0, last = 0;
    for (Py_ssize_t k = 0; k < found->len; k++)
        if (found->items[k].start >= last) {
            found->items[kept++] = found->items[k];
            last = found->items[k].end;
        }
    found->len = kept;
    nt->chosen = PyMem_RawMalloc((size_t)kept * sizeof(chosen_t));
    int32_t *letters = PyMem_RawMalloc(((size_t)e->npersons + 1) * sizeof(int32_t));
    if (!nt->chosen || !letters) {
        PyMem_RawFree(letters);
        PyErr_NoMemory();
        return -1;
    }
    for (int p = 0; p <= e->npersons; p++) letters[p] = -1;
    int32_t nletters = 0;
    for (Py_ssize_t k = 0; k < kept; k++) {
        found_t *f = &found->items[k];
        chosen_t *c = &nt->chosen[k];
        PyObject *pair = pair_for(e, f->index, nt->lang);
        if (!pair || (json && span_tail(e, f->index, &c->tail, &c->tail_len) < 0)) {
            PyMem_RawFree(letters);
            return -1;
        }
        c->piece = PyTuple_GET_ITEM(pair, Py_UNICODE_ISUPPER(nt->T[f->start]) ? 1 : 0);
        c->nletter = 0;
        if (f->person) {
            if (letters[f->person] < 0) letters[f->person] = nletters++;
            if (f->index >= 0 && (e->forms[f->index].flags & F_PERSON)) c->nletter = label(letters[f->person], c->letter);
        }
    }
    PyMem_RawFree(letters);
    return 0;
}

/* Without the GIL: the --jsonl line, {"text": …, "spans": […]} and a newline, in UTF-8. */
static void note_write(note *nt) {
    if (nt->state != NOTE_OK) return;
    bbuf *js = &nt->js;
    const flist *found = &nt->found;
    Py_ssize_t previous = 0;
    int bad = PUT_LITERAL(js, "{\"text\": \"") < 0;
    for (Py_ssize_t k = 0; k < found->len && !bad; k++) {
        const found_t *f = &found->items[k];
        const chosen_t *c = &nt->chosen[k];
        bad = put_json_chars(js, nt->T + previous, f->start - previous) < 0 || put_json_str_chars(js, c->piece) < 0 ||
              put_json_chars(js, c->letter, c->nletter) < 0;
        previous = f->end;
    }
    bad = bad || put_json_chars(js, nt->T + previous, nt->n - previous) < 0 || PUT_LITERAL(js, "\", \"spans\": [") < 0;
    for (Py_ssize_t k = 0; k < found->len && !bad; k++)
        bad = (k && PUT_LITERAL(js, ", ") < 0) || PUT_LITERAL(js, "[") < 0 || put_number(js, found->items[k].start) < 0 ||
              PUT_LITERAL(js, ", ") < 0 || put_number(js, found->items[k].end) < 0 || PUT_LITERAL(js, ", ") < 0 ||
              put_bytes(js, nt->chosen[k].tail, nt->chosen[k].tail_len) < 0 || PUT_LITERAL(js, "]") < 0;
    if (bad || PUT_LITERAL(js, "]}\n") < 0) nt->state = NOTE_NO_MEMORY;
}

/* With the GIL: the line as bytes, or None for the pure-Python path. */
static PyObject *note_line(note *nt) {
    if (nt->state == NOTE_PURE) return Py_NewRef(Py_None);
    if (nt->state == NOTE_NO_MEMORY) return PyErr_NoMemory();
    return PyBytes_FromStringAndSize(nt->js.data, nt->js.len);
}

/* With the GIL: ``(text, spans, placeholders)``, or None for the pure-Python path. */
static PyObject *note_result(Engine *e, note *nt) {
    if (nt->state == NOTE_PURE) return Py_NewRef(Py_None);
    const flist *found = &nt->found;
    if (found->len == 0) return Py_BuildValue("(O()())", nt->text);
    PyObject *spans = PyTuple_New(found->len), *replacements = PyTuple_New(found->len), *result = NULL;
    ubuf out = {0};
    if (!spans || !replacements) goto done;
    Py_ssize_t previous = 0;
    for (Py_ssize_t k = 0; k < found->len; k++) {
        const found_t *f = &found->items[k];
        const chosen_t *c = &nt->chosen[k];
        Py_ssize_t plen = PyUnicode_GET_LENGTH(c->piece);
        if (ubuf_put(&out, nt->T + previous, f->start - previous) < 0 || ubuf_reserve(&out, plen + c->nletter) < 0) goto done;
        if (plen && !PyUnicode_AsUCS4(c->piece, out.data + out.len, plen, 0)) goto done;
        out.len += plen;
        if (ubuf_put(&out, c->letter, c->nletter) < 0) goto done;
        previous = f->end;
        PyObject *replacement = c->nletter ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.data + out.len - plen - c->nletter, plen + c->nletter)
                                           : Py_NewRef(c->piece);
        if (!replacement) goto done;
        PyTuple_SET_ITEM(replacements, k, replacement);
        PyTypeObject *type = (PyTypeObject *)e->span_type;
        PyObject *span = type->tp_alloc(type, 4);
        if (!span) goto done;
        PyTuple_SET_ITEM(spans, k, span);
        PyObject *a = PyLong_FromSsize_t(f->start), *b = PyLong_FromSsize_t(f->end);
        if (!a || !b) {
            Py_XDECREF(a);
            Py_XDECREF(b);
            goto done;
        }
        PyTuple_SET_ITEM(span, 0, a);
        PyTuple_SET_ITEM(span, 1, b);
        PyTuple_SET_ITEM(span, 2, Py_NewRef(kind_of(e, f->index)));
        PyTuple_SET_ITEM(span, 3, Py_NewRef(person_of(e, f->index)));
    }
    if (ubuf_put(&out, nt->T + previous, nt->n - previous) < 0) goto done;
    PyObject *redacted = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.data, out.len);
    if (!redacted) goto done;
    result = PyTuple_Pack(3, redacted, spans, replacements);
    Py_DECREF(redacted);
done:
    Py_XDECREF(spans);
    Py_XDECREF(replacements);
    PyMem_Free(out.data);
    return result;
}

static void note_free(note *nt) {
    PyMem_Free(nt->T);
    PyMem_RawFree(nt->N);
    PyMem_RawFree(nt->src);
    PyMem_RawFree(nt->named);
    PyMem_RawFree(nt->found.items);
    PyMem_RawFree(nt->weak.items);
    PyMem_RawFree(nt->candidates.items);
    PyMem_RawFree(nt->chosen);
    PyMem_RawFree(nt->js.data);
}

static int parse(PyObject *args, const char *format, PyObject **text, int *lang) {
    if (!PyArg_ParseTuple(args, format, text, lang)) return -1;
    if (*lang < 0 || *lang >= NLANGS) {
        PyErr_SetString(PyExc_ValueError, "unknown language");
        return -1;
    }
    return 0;
}

/* One note: ``(text, spans, placeholders)``, or with ``json`` its --jsonl line. */
static int ready(const Engine *e) {
    if (!e->ready) PyErr_SetString(PyExc_RuntimeError, "the Engine was not built (its __init__ failed or was not called)");
    return e->ready;
}

static PyObject *run(Engine *e, PyObject *text, int lang, int json) {
    if (!ready(e)) return NULL;
    note nt = {.text = text, .lang = lang};
    PyObject *result = NULL;
    if (note_start(e, &nt) < 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    note_scan(e, &nt);
    Py_END_ALLOW_THREADS
    if (note_choose(e, &nt, json) < 0) goto done;
    if (json) {
        note_write(&nt);
        result = note_line(&nt);
    } else
        result = note_result(e, &nt);
done:
    note_free(&nt);
    return result;
}

static PyObject *Engine_redact(Engine *e, PyObject *args) {
    PyObject *text;
    int lang;
    if (parse(args, "Ui:redact", &text, &lang) < 0) return NULL;
    return run(e, text, lang, 0);
}

static PyObject *Engine_jsonl_line(Engine *e, PyObject *args) {
    PyObject *text;
    int lang;
    if (parse(args, "Ui:jsonl_line", &text, &lang) < 0) return NULL;
    return run(e, text, lang, 1);
}

/* Many notes: their --jsonl lines (None where the pure-Python path must do one), letting go of
 * the GIL twice in all, so that threads redact at once. */
static PyObject *Engine_jsonl_lines(Engine *e, PyObject *args) {
    PyObject *texts, *langs;
    if (!PyArg_ParseTuple(args, "O!O!:jsonl_lines", &PyList_Type, &texts, &PyList_Type, &langs) || !ready(e)) return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(langs) != count) {
        PyErr_SetString(PyExc_ValueError, "as many languages as texts");
        return NULL;
    }
    note *notes = PyMem_Calloc((size_t)count + 1, sizeof(note));
    if (!notes) return PyErr_NoMemory();
    PyObject *result = NULL;
    Py_ssize_t started = 0; /* notes that hold a reference to their text */
    for (; started < count; started++) {
        note *nt = &notes[started];
        PyObject *text = PyList_GET_ITEM(texts, started);
        int lang = (int)PyLong_AsLong(PyList_GET_ITEM(langs, started));
        if (PyErr_Occurred() || !PyUnicode_Check(text) || lang < 0 || lang >= NLANGS) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a text is a str, its language the index of one of the six");
            goto done;
        }
        nt->text = Py_NewRef(text); /* the list may change while the GIL is let go */
        nt->lang = lang;
        if (note_start(e, nt) < 0) {
            started++;
            goto done;
        }
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++) note_scan(e, &notes[k]);
    Py_END_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++)
        if (note_choose(e, &notes[k], 1) < 0) goto done;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t k = 0; k < count; k++) note_write(&notes[k]);
    Py_END_ALLOW_THREADS
    result = PyList_New(count);
    if (!result) goto done;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *line = note_line(&notes[k]);
        if (!line) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, line);
    }
done:
    for (Py_ssize_t k = 0; k < started; k++) {
        Py_DECREF(notes[k].text);
        note_free(&notes[k]);
    }
    PyMem_Free(notes);
    return result;
}

/* ---- construction */

static int Engine_init(Engine *e, PyObject *args, PyObject *kw) {
    static char *names[] = {"keys",     "flags",       "kinds",      "persons",     "after_titles", "before",    "title_counts",
                            "after_han", "clause_start", "pair",       "pii_pair",    "is_phone",     "fold_char", "span_type",
                            NULL};
    PyObject *keys, *flags, *kinds, *persons, *after_titles, *before, *title_counts, *after_han, *clause_start;
    PyObject *pair_fn, *pii_pair_fn, *is_phone_fn, *fold_char_fn, *span_type;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O!O!O!O!O!O!O!UOOOOO!:Engine", names, &PyList_Type, &keys, &PyList_Type, &flags,
                                     &PyList_Type, &kinds, &PyList_Type, &persons, &PyList_Type, &after_titles, &PyList_Type,
                                     &before, &PyDict_Type, &title_counts, &PyTuple_Type, &after_han, &clause_start, &pair_fn,
                                     &pii_pair_fn, &is_phone_fn, &fold_char_fn, &PyType_Type, &span_type))
        return -1;
    if (e->started) {
        PyErr_SetString(PyExc_RuntimeError, "Engine is built once");
        return -1;
    }
    e->started = 1;
    if (!PyType_IsSubtype((PyTypeObject *)span_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "span_type must be a tuple subclass");
        return -1;
    }
    /* Copies: the caller's lists could change under the borrowed items the forms keep. */
    keys = PySequence_Tuple(keys);
    if (!keys) return -1;
    e->keys = keys;
    flags = PySequence_Tuple(flags);
    if (!flags) return -1;
    e->flags = flags;
    kinds = PySequence_Tuple(kinds);
    if (!kinds) return -1;
    e->kinds = kinds;
    persons = PySequence_Tuple(persons);
    if (!persons) return -1;
    e->persons = persons;
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    if (PyTuple_GET_SIZE(flags) != n || PyTuple_GET_SIZE(kinds) != n || PyTuple_GET_SIZE(persons) != n) {
        PyErr_SetString(PyExc_ValueError, "keys, flags, kinds and persons differ in length");
        return -1;
    }
    e->pair_fn = Py_NewRef(pair_fn);
    e->pii_pair_fn = Py_NewRef(pii_pair_fn);
    e->is_phone_fn = Py_NewRef(is_phone_fn);
    e->fold_char_fn = Py_NewRef(fold_char_fn);
    e->span_type = Py_NewRef(span_type);
    e->nf = PyMem_Malloc(0x10000 * sizeof(uint32_t));
    e->forms = PyMem_Calloc((size_t)n + 1, sizeof(form_t));
    e->pairs = PyMem_Calloc((size_t)n * NLANGS + 1, sizeof(PyObject *));
    Py_ssize_t chars = 0; /* at most one node a character: the hash is made big enough once */
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_Check(PyTuple_GET_ITEM(keys, i))) chars += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(keys, i));
    if (chars >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "too many characters in the keys");
        return -1;
    }
    PyObject *codes = NULL;
    Py_UCS4 *pool = PyMem_Malloc(((size_t)chars + 1) * sizeof(Py_UCS4));
    Py_ssize_t *offs = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_ssize_t));
    if (!pool || !offs) {
        PyMem_Free(pool);
        PyMem_Free(offs);
        PyErr_NoMemory();
        return -1;
    }
    offs[0] = 0;
    if (!e->nf || !e->forms || !e->pairs) {
        PyErr_NoMemory();
        goto fail;
    }
    memset(e->nf, 0xff, 0x10000 * sizeof(uint32_t));
    e->nforms = n;
    codes = PyDict_New();
    if (!codes) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *key = PyTuple_GET_ITEM(keys, i), *kind = PyTuple_GET_ITEM(kinds, i), *person = PyTuple_GET_ITEM(persons, i);
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) == 0 || !PyUnicode_Check(kind) || (person != Py_None && !PyUnicode_Check(person))) {
            PyErr_SetString(PyExc_TypeError, "a key and its kind are non-empty str, its person str or None");
            goto fail;
        }
        form_t *f = &e->forms[i];
        f->len = PyUnicode_GET_LENGTH(key);
        f->flags = (int)PyLong_AsLong(PyTuple_GET_ITEM(flags, i)) & (F_WEAK | F_PERSON);
        if (PyErr_Occurred()) goto fail;
        f->kind = kind;
        f->person = person;
        if (person != Py_None) {
            PyObject *code = PyDict_GetItemWithError(codes, person);
            if (!code) {
                if (PyErr_Occurred()) goto fail;
                code = PyLong_FromLong(++e->npersons);
                if (!code || PyDict_SetItem(codes, person, code) < 0) {
                    Py_XDECREF(code);
                    goto fail;
                }
                Py_DECREF(code);
                code = PyDict_GetItem(codes, person);
            }
            f->person_code = (int)PyLong_AsLong(code);
        }
        if (f->len > e->longest) e->longest = f->len;
        if (offs[i] + f->len > chars || !PyUnicode_AsUCS4(key, pool + offs[i], f->len, 0)) goto fail;
        offs[i + 1] = offs[i] + f->len;
        const Py_UCS4 *s = pool + offs[i];
        /* engine.py: a boundary is needed on a side that is a letter of an alphabetic script; a
         * bounded match may hide inside a key that does not start with one or holds a non-letter */
        int starts = is_word(s[0]), inner = !starts;
        for (Py_ssize_t k = 0; k < f->len && !inner; k++) inner = !is_word(s[k]);
        f->flags |= (starts ? F_STARTS : 0) | (is_word(s[f->len - 1]) ? F_ENDS : 0) | (inner ? F_INNER : 0);
    }
    Py_CLEAR(codes);
    int built = trie_build(e, pool, offs, n, chars);
    PyMem_Free(pool);
    PyMem_Free(offs);
    pool = NULL;
    offs = NULL;
    if (built < 0) return -1;
    /* titles: after the name (Chinese), before it, the last words of those before */
    if (smap_from(&e->after_titles, after_titles) < 0) return -1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(after_titles); i++) {
        PyObject *title = PyList_GET_ITEM(after_titles, i);
        Py_ssize_t len = PyUnicode_GET_LENGTH(title);
        if (len == 0) continue;
        if (cpset_add(&e->after_first, PyUnicode_READ_CHAR(title, 0)) < 0) return -1;
        int have = 0;
        for (int k = 0; k < e->nafter_lengths; k++)
            if (e->after_lengths[k] == len) have = 1;
        if (!have) {
            if (e->nafter_lengths == 64) {
                PyErr_SetString(PyExc_ValueError, "too many lengths of titles");
                return -1;
            }
            e->after_lengths[e->nafter_lengths++] = len;
        }
    }
    for (int a = 0; a < e->nafter_lengths; a++) /* longest first */
        for (int b = a + 1; b < e->nafter_lengths; b++)
            if (e->after_lengths[b] > e->after_lengths[a]) {
                Py_ssize_t x = e->after_lengths[a];
                e->after_lengths[a] = e->after_lengths[b];
                e->after_lengths[b] = x;
            }
    if (smap_from(&e->before, before) < 0) return -1;
    PyObject *last_words = PyList_New(0);
    if (!last_words) return -1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(before); i++) {
        PyObject *title = PyList_GET_ITEM(before, i);
        Py_ssize_t space = PyUnicode_FindChar(title, ' ', 0, PyUnicode_GET_LENGTH(title), -1);
        if (space == -2) {
            Py_DECREF(last_words);
            return -1;
        }
        PyObject *word = PyUnicode_Substring(title, space + 1, PyUnicode_GET_LENGTH(title));
        if (!word || PyList_Append(last_words, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(last_words);
            return -1;
        }
        Py_DECREF(word);
    }
    int r = smap_from(&e->last_words, last_words);
    Py_DECREF(last_words);
    if (r < 0) return -1;
    /* title_counts: word → counts, most first (from a snapshot: the dict could change) */
    PyObject *items = PyDict_Items(title_counts);
    if (!items) return -1;
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *item = PyList_GET_ITEM(items, i);
        if (!PyUnicode_Check(PyTuple_GET_ITEM(item, 0)) || !PyTuple_Check(PyTuple_GET_ITEM(item, 1))) {
            PyErr_SetString(PyExc_TypeError, "title_counts maps str to a tuple of int");
            Py_DECREF(items);
            return -1;
        }
        total += 1 + PyTuple_GET_SIZE(PyTuple_GET_ITEM(item, 1));
    }
    e->counts = PyMem_Malloc(((size_t)total + 1) * sizeof(int));
    if (!e->counts || smap_init(&e->title_counts, (size_t)PyList_GET_SIZE(items)) < 0) {
        if (!e->counts) PyErr_NoMemory();
        Py_DECREF(items);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *word = PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 0), *counts = PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 1);
        int at = (int)e->ncounts;
        e->counts[e->ncounts++] = (int)PyTuple_GET_SIZE(counts);
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(counts); k++) {
            e->counts[e->ncounts++] = (int)PyLong_AsLong(PyTuple_GET_ITEM(counts, k));
            if (PyErr_Occurred()) {
                Py_DECREF(items);
                return -1;
            }
        }
        Py_UCS4 *chars = PyUnicode_AsUCS4Copy(word);
        int put = chars ? smap_put(&e->title_counts, chars, PyUnicode_GET_LENGTH(word), at) : -2;
        PyMem_Free(chars);
        if (put == -2) {
            Py_DECREF(items);
            return -1;
        }
    }
    Py_DECREF(items);
    /* Chinese one-character surnames: what follows, where a clause starts */
    e->nafter_han = PyTuple_GET_SIZE(after_han);
    e->after_han_off = PyMem_Malloc(((size_t)e->nafter_han + 1) * sizeof(Py_ssize_t));
    e->after_han_len = PyMem_Malloc(((size_t)e->nafter_han + 1) * sizeof(Py_ssize_t));
    if (!e->after_han_off || !e->after_han_len) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t k = 0; k < e->nafter_han; k++) {
        PyObject *w = PyTuple_GET_ITEM(after_han, k);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "after_han holds str");
            return -1;
        }
        Py_UCS4 *s = PyUnicode_AsUCS4Copy(w);
        if (!s) return -1;
        e->after_han_off[k] = e->after_han.len;
        e->after_han_len[k] = PyUnicode_GET_LENGTH(w);
        int put = ubuf_put(&e->after_han, s, PyUnicode_GET_LENGTH(w));
        PyMem_Free(s);
        if (put < 0) return -1;
    }
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(clause_start); k++)
        if (cpset_add(&e->clause_start, PyUnicode_READ_CHAR(clause_start, k)) < 0) return -1;
    e->ready = 1;
    return 0;
fail:
    Py_XDECREF(codes);
    PyMem_Free(pool);
    PyMem_Free(offs);
    return -1;
}

static void Engine_dealloc(Engine *e) {
    Py_XDECREF(e->keys);
    Py_XDECREF(e->flags);
    Py_XDECREF(e->kinds);
    Py_XDECREF(e->persons);
    Py_XDECREF(e->pair_fn);
    Py_XDECREF(e->pii_pair_fn);
    Py_XDECREF(e->is_phone_fn);
    Py_XDECREF(e->fold_char_fn);
    Py_XDECREF(e->span_type);
    if (e->pairs)
        for (Py_ssize_t i = 0; i < e->nforms * NLANGS; i++) Py_XDECREF(e->pairs[i]);
    if (e->forms)
        for (Py_ssize_t i = 0; i < e->nforms; i++) PyMem_RawFree(e->forms[i].tail);
    for (int k = 0; k < 4; k++)
        for (int l = 0; l < NLANGS; l++) Py_XDECREF(e->pii_pairs[k][l]);
    PyMem_Free(e->pairs);
    PyMem_Free(e->forms);
    PyMem_Free(e->nf);
    PyMem_Free(e->nodes);
    PyMem_Free(e->echar);
    PyMem_Free(e->enode);
    PyMem_Free(e->root);
    PyMem_Free(e->bikeys);
    PyMem_Free(e->binodes);
    PyMem_Free(e->wkeys);
    PyMem_Free(e->wnodes);
    PyMem_Free(e->after_first.astral);
    PyMem_Free(e->clause_start.astral);
    smap_free(&e->after_titles);
    smap_free(&e->before);
    smap_free(&e->last_words);
    smap_free(&e->title_counts);
    PyMem_Free(e->counts);
    PyMem_Free(e->after_han.data);
    PyMem_Free(e->after_han_off);
    PyMem_Free(e->after_han_len);
    Py_TYPE(e)->tp_free((PyObject *)e);
}

static PyMethodDef Engine_methods[] = {
    {"redact", (PyCFunction)Engine_redact, METH_VARARGS,
     "redact(text, lang) -> (text, spans, placeholders), or None when the text needs the pure-Python path"},
    {"jsonl_line", (PyCFunction)Engine_jsonl_line, METH_VARARGS,
     "jsonl_line(text, lang) -> the line {\"text\": …, \"spans\": […]} and a newline in UTF-8, or None"},
    {"jsonl_lines", (PyCFunction)Engine_jsonl_lines, METH_VARARGS,
     "jsonl_lines(texts, langs) -> [jsonl_line(text, lang) for each], letting go of the GIL while they are done"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject EngineType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "incamera.redact._fast.Engine",
    .tp_basicsize = sizeof(Engine),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The compiled de-attribution engine of one roster (see engine.py).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Engine_init,
    .tp_dealloc = (destructor)Engine_dealloc,
    .tp_methods = Engine_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_fast",
    .m_doc = "The compiled engine of incamera.redact (see engine.py).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__fast(void) {
    if (PyType_Ready(&EngineType) < 0) return NULL;
    for (Py_UCS4 c = 0; c < 0x10000; c++)
        if (Py_UNICODE_ISDECIMAL(c)) DECIMAL[c >> 3] |= (uint8_t)(1u << (c & 7));
    KIND_URL = PyUnicode_InternFromString("url");
    KIND_EMAIL = PyUnicode_InternFromString("email");
    KIND_HANDLE = PyUnicode_InternFromString("handle");
    KIND_PHONE = PyUnicode_InternFromString("phone");
    if (!KIND_URL || !KIND_EMAIL || !KIND_HANDLE || !KIND_PHONE) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddObjectRef(m, "Engine", (PyObject *)&EngineType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/* Where handles were created, when _debug.set_handle_stack_trace_limit switched capture
   on: the innermost Python frames (code object and line, resolved to text only when a
   report or a repr needs them) and the C return addresses from glibc's backtrace(),
   named by dladdr or, for static functions that have no dynamic symbol, by the ELF
   symbol table (.symtab) of the file that contains them. Frames of the loader itself are
   skipped, so the first C frame is the extension's. */
#include "debug/debug_internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_C_FRAMES 64

/* ---- capture ---------------------------------------------------------------------------- */

static int in_loader(void *pc)
{
    static void *loader_base = NULL;
    Dl_info info;
    if (loader_base == NULL && dladdr((void *)&in_loader, &info) != 0) {
        loader_base = info.dli_fbase;
    }
    return dladdr(pc, &info) != 0 && info.dli_fbase == loader_base;
}

/* Before 3.11, Python.h does not declare the frame accessors: frameobject.h does. */
#if PY_VERSION_HEX < 0x030B0000
#include <frameobject.h>
#endif

#if PY_VERSION_HEX < 0x03090000

static PyCodeObject *PyFrame_GetCode(PyFrameObject *frame)
{
    Py_INCREF(frame->f_code);
    return frame->f_code;
}

static PyFrameObject *PyFrame_GetBack(PyFrameObject *frame)
{
    Py_XINCREF(frame->f_back);
    return frame->f_back;
}
#endif

hpykit_dh_site *hpykit_site_capture(void)
{
    int limit = hpykit_debug.stack_limit, n = 0, i, skip = 0;
    void *pcs[MAX_C_FRAMES];
    int n_pcs = backtrace(pcs, MAX_C_FRAMES);
    PyFrameObject *frame = PyEval_GetFrame();
    hpykit_dh_site *site;
    while (skip < n_pcs && in_loader(pcs[skip])) {
        skip++;
    }
    n_pcs -= skip;
    if (n_pcs > limit) {
        n_pcs = limit;
    }
    site = (hpykit_dh_site *)malloc(sizeof(hpykit_dh_site) +
                                    (size_t)limit * (sizeof(PyObject *) + sizeof(int)) +
                                    (size_t)n_pcs * sizeof(void *));
    if (site == NULL) {
        return NULL; /* a report without its site is still a report */
    }
    site->pc = (void **)(site + 1);
    site->code = (PyObject **)(site->pc + n_pcs);
    site->line = (int *)(site->code + limit);
    memcpy(site->pc, pcs + skip, (size_t)n_pcs * sizeof(void *));
    site->n_c = n_pcs;
    Py_XINCREF(frame);
    while (frame != NULL && n < limit) {
        PyFrameObject *back = PyFrame_GetBack(frame);
        site->code[n] = (PyObject *)PyFrame_GetCode(frame);
        site->line[n] = PyFrame_GetLineNumber(frame);
        n++;
        Py_DECREF(frame);
        frame = back;
    }
    Py_XDECREF(frame);
    site->n_py = n;
    for (i = n; i < limit; i++) {
        site->code[i] = NULL;
    }
    return site;
}

void hpykit_site_free(hpykit_dh_site *site)
{
    int i;
    if (site == NULL) {
        return;
    }
    for (i = 0; i < site->n_py; i++) {
        Py_DECREF(site->code[i]);
    }
    free(site);
}

/* ---- names of C functions ----------------------------------------------------------------- */

typedef struct {
    char *path;
    int is_exec;       /* ET_EXEC: symbol values are addresses, not offsets */
    Elf64_Sym *syms;   /* NULL: no usable .symtab */
    size_t n_syms;
    char *names;
    size_t names_size;
} symfile;

#define MAX_FILES 64
static symfile files[MAX_FILES];
static int n_files = 0;

static void *read_at(int fd, off_t offset, size_t size)
{
    char *buf = (char *)malloc(size + 1);
    if (buf == NULL || pread(fd, buf, size, offset) != (ssize_t)size) {
        free(buf);
        return NULL;
    }
    buf[size] = '\0';
    return buf;
}

static void load_symtab(symfile *f)
{
    Elf64_Ehdr eh;
    Elf64_Shdr *sections = NULL;
    int i, fd = open(f->path, O_RDONLY);
    if (fd < 0) {
        return;
    }
    if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
        memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_shentsize != sizeof(Elf64_Shdr)) {
        goto cleanup;
    }
    f->is_exec = eh.e_type == ET_EXEC;
    sections = (Elf64_Shdr *)read_at(fd, (off_t)eh.e_shoff, (size_t)eh.e_shnum * sizeof(Elf64_Shdr));
    if (sections == NULL) {
        goto cleanup;
    }
    for (i = 0; i < eh.e_shnum; i++) {
        Elf64_Shdr *strings;
        if (sections[i].sh_type != SHT_SYMTAB || sections[i].sh_link >= eh.e_shnum) {
            continue;
        }
        strings = &sections[sections[i].sh_link];
        f->syms = (Elf64_Sym *)read_at(fd, (off_t)sections[i].sh_offset, sections[i].sh_size);
        f->names = (char *)read_at(fd, (off_t)strings->sh_offset, strings->sh_size);
        if (f->syms == NULL || f->names == NULL) {
            free(f->syms);
            free(f->names);
            f->syms = NULL;
            f->names = NULL;
            break;
        }
        f->n_syms = sections[i].sh_size / sizeof(Elf64_Sym);
        f->names_size = strings->sh_size;
        break;
    }

cleanup:
    free(sections);
    close(fd);
}

static symfile *file_of(const char *path)
{
    int i;
    for (i = 0; i < n_files; i++) {
        if (strcmp(files[i].path, path) == 0) {
            return &files[i];
        }
    }
    if (n_files == MAX_FILES) {
        return NULL;
    }
    files[n_files].path = strdup(path);
    if (files[n_files].path == NULL) {
        return NULL;
    }
    load_symtab(&files[n_files]);
    return &files[n_files++];
}

/* The function symbol of f that contains addr, or NULL. */
static const char *function_at(symfile *f, uintptr_t addr, uintptr_t *start)
{
    size_t i;
    for (i = 0; f->syms != NULL && i < f->n_syms; i++) {
        const Elf64_Sym *sym = &f->syms[i];
        if (ELF64_ST_TYPE(sym->st_info) == STT_FUNC && sym->st_value != 0 &&
            addr >= sym->st_value && addr < sym->st_value + (sym->st_size ? sym->st_size : 1) &&
            sym->st_name < f->names_size) {
            *start = (uintptr_t)sym->st_value;
            return f->names + sym->st_name;
        }
    }
    return NULL;
}

void hpykit_symbolize(void *pc, char *buf, size_t size)
{
    Dl_info info;
    symfile *f;
    const char *name = NULL;
    uintptr_t start = 0, addr;
    if (dladdr(pc, &info) == 0 || info.dli_fname == NULL) {
        snprintf(buf, size, "%p", pc);
        return;
    }
    f = file_of(info.dli_fname);
    if (f != NULL) {
        /* backtrace gives return addresses: look up the call instruction, one byte back */
        addr = (uintptr_t)pc - 1 - (f->is_exec ? 0 : (uintptr_t)info.dli_fbase);
        name = function_at(f, addr, &start);
        if (name != NULL && !f->is_exec) {
            start += (uintptr_t)info.dli_fbase;
        }
    }
    if (name == NULL && info.dli_sname != NULL) {
        name = info.dli_sname;
        start = (uintptr_t)info.dli_saddr;
    }
    if (name != NULL) {
        snprintf(buf, size, "%s+0x%lx in %s", name, (unsigned long)((uintptr_t)pc - start),
                 info.dli_fname);
    }
    else {
        snprintf(buf, size, "%p in %s", pc, info.dli_fname);
    }
}

/* ---- text ----------------------------------------------------------------------------------- */

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list vargs;
    if (used + 1 >= size) {
        return;
    }
    va_start(vargs, fmt);
    vsnprintf(buf + used, size - used, fmt, vargs);
    va_end(vargs);
}

/* "name" of a code object's attribute, or "?" (into buf). */
static const char *code_text(PyObject *code, const char *attr, char *buf, size_t size)
{
    PyObject *value = PyObject_GetAttrString(code, attr);
    const char *text = value != NULL && PyUnicode_Check(value) ? PyUnicode_AsUTF8(value) : NULL;
    snprintf(buf, size, "%s", text != NULL ? text : "?");
    Py_XDECREF(value);
    PyErr_Clear();
    return buf;
}

void hpykit_site_format(const hpykit_dh_site *site, char *buf, size_t size)
{
    PyObject *type, *value, *tb;
    int i;
    if (site == NULL) {
        return;
    }
    PyErr_Fetch(&type, &value, &tb);
    append(buf, size, "\n  the handle was created at (Python, innermost first):");
    for (i = 0; i < site->n_py; i++) {
        char file[300], func[100];
        append(buf, size, "\n    File \"%s\", line %d, in %s",
               code_text(site->code[i], "co_filename", file, sizeof(file)), site->line[i],
               code_text(site->code[i], "co_name", func, sizeof(func)));
    }
    append(buf, size, "\n  and in C (innermost first):");
    for (i = 0; i < site->n_c; i++) {
        char frame[512];
        hpykit_symbolize(site->pc[i], frame, sizeof(frame));
        append(buf, size, "\n    #%d %s", i, frame);
    }
    PyErr_Restore(type, value, tb);
}

/* hpykit runtime: HPy_BuildValue.
 *
 * Units: i I k l L K n (ints), f d (floats; both read as double), s (const char *
 * -> str, NULL -> None), O S (HPy, duplicated, never stolen), (...) tuple,
 * [...] list, {k:v,...} dict; ',' and ' ' separate units, ':' may separate
 * keys from values inside a dict. An empty format gives None, one unit its
 * value, several units a tuple.
 *
 * The whole format is checked before any argument is read (unknown units, 'N',
 * unbalanced brackets, odd dicts: SystemError), so the build pass can trust it.
 * The varargs are walked once, in order, through a shared va_list pointer.
 */
#include "hpy.h" /* first: in CPython builds it includes Python.h */

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

typedef struct {
    const char *format; /* the whole format, for messages */
    const char *p;      /* next unread character */
    va_list *vl;
} bv_state;

static const char API[] = "HPy_BuildValue";

static int is_separator(char c)
{
    return c == ' ' || c == ',' || c == ':';
}

static char closer_of(char opener)
{
    switch (opener) {
    case '(':
        return ')';
    case '[':
        return ']';
    case '{':
        return '}';
    default:
        return '\0';
    }
}

/* ---- check pass --------------------------------------------------------------- */

/* Check the units after an opener (or from the start of the format when opener
   is 0) up to the matching closer. Returns the position after the closer (or
   the terminating NUL), or NULL with SystemError set. */
static const char *check_group(HPyContext *ctx, const char *format, const char *p,
                               char opener)
{
    const char closer = closer_of(opener);
    HPy_ssize_t items = 0;
    char c;

    for (;;) {
        c = *p;
        if (c == '\0') {
            if (opener != '\0') {
                HPyErr_Format(ctx, ctx->h_SystemError,
                              "%s: unmatched '%c' in format \"%s\"", API, opener, format);
                return NULL;
            }
            return p;
        }
        p++;
        switch (c) {
        case ' ':
        case ',':
            break;
        case ':':
            if (opener != '{') {
                HPyErr_Format(ctx, ctx->h_SystemError,
                              "%s: ':' outside a dict in format \"%s\"", API, format);
                return NULL;
            }
            break;
        case ')':
        case ']':
        case '}':
            if (c != closer) {
                if (opener == '\0') {
                    HPyErr_Format(ctx, ctx->h_SystemError,
                                  "%s: unmatched '%c' in format \"%s\"", API, c, format);
                }
                else {
                    HPyErr_Format(ctx, ctx->h_SystemError,
                                  "%s: '%c' closed by '%c' in format \"%s\"",
                                  API, opener, c, format);
                }
                return NULL;
            }
            if (opener == '{' && items % 2 != 0) {
                HPyErr_Format(ctx, ctx->h_SystemError,
                              "%s: dict with a key but no value in format \"%s\"",
                              API, format);
                return NULL;
            }
            return p;
        case '(':
        case '[':
        case '{':
            p = check_group(ctx, format, p, c);
            if (p == NULL) {
                return NULL;
            }
            items++;
            break;
        case 'i': case 'I': case 'k': case 'l': case 'L': case 'K': case 'n':
        case 'f': case 'd': case 's': case 'O': case 'S':
            items++;
            break;
        case 'N':
            HPyErr_Format(ctx, ctx->h_SystemError,
                          "%s: unit 'N' is not supported (HPy never steals handles; "
                          "use 'O' and close the handle) in format \"%s\"", API, format);
            return NULL;
        default:
            HPyErr_Format(ctx, ctx->h_SystemError,
                          "%s: unknown unit '%c' in format \"%s\"",
                          API, (int)(unsigned char)c, format);
            return NULL;
        }
    }
}

/* Number of items of the group starting at p (already checked). */
static HPy_ssize_t count_items(const char *p)
{
    HPy_ssize_t n = 0, depth = 0;

    for (; *p != '\0'; p++) {
        if (is_separator(*p)) {
            continue;
        }
        if (*p == '(' || *p == '[' || *p == '{') {
            if (depth == 0) {
                n++;
            }
            depth++;
        }
        else if (*p == ')' || *p == ']' || *p == '}') {
            if (depth == 0) {
                return n;
            }
            depth--;
        }
        else if (depth == 0) {
            n++;
        }
    }
    return n;
}

/* ---- build pass --------------------------------------------------------------- */

static HPy build_item(HPyContext *ctx, bv_state *st);

static void skip_separators(bv_state *st)
{
    while (is_separator(*st->p)) {
        st->p++;
    }
}

/* Build n items into a new tuple. */
static HPy build_tuple(HPyContext *ctx, bv_state *st, HPy_ssize_t n)
{
    HPy *items;
    HPy result = HPy_NULL;
    HPy_ssize_t i, built = 0;

    if ((size_t)n > ((size_t)-1) / sizeof(HPy) - 1) {
        HPyErr_NoMemory(ctx);
        return HPy_NULL;
    }
    items = (HPy *)malloc(sizeof(HPy) * (size_t)(n > 0 ? n : 1));
    if (items == NULL) {
        HPyErr_NoMemory(ctx);
        return HPy_NULL;
    }
    for (built = 0; built < n; built++) {
        items[built] = build_item(ctx, st);
        if (HPy_IsNull(items[built])) {
            goto cleanup;
        }
    }
    result = HPyTuple_FromArray(ctx, items, n);

cleanup:
    for (i = 0; i < built; i++) {
        HPy_Close(ctx, items[i]);
    }
    free(items);
    return result;
}

static HPy build_list(HPyContext *ctx, bv_state *st, HPy_ssize_t n)
{
    HPy list, item;
    HPy_ssize_t i;

    list = HPyList_New(ctx, 0);
    if (HPy_IsNull(list)) {
        return HPy_NULL;
    }
    for (i = 0; i < n; i++) {
        item = build_item(ctx, st);
        if (HPy_IsNull(item)) {
            goto error;
        }
        if (HPyList_Append(ctx, list, item) < 0) {
            HPy_Close(ctx, item);
            goto error;
        }
        HPy_Close(ctx, item);
    }
    return list;

error:
    HPy_Close(ctx, list);
    return HPy_NULL;
}

static HPy build_dict(HPyContext *ctx, bv_state *st, HPy_ssize_t n)
{
    HPy dict, key = HPy_NULL, value = HPy_NULL;
    HPy_ssize_t i;

    dict = HPyDict_New(ctx);
    if (HPy_IsNull(dict)) {
        return HPy_NULL;
    }
    for (i = 0; i + 1 < n; i += 2) {
        key = build_item(ctx, st);
        if (HPy_IsNull(key)) {
            goto error;
        }
        value = build_item(ctx, st);
        if (HPy_IsNull(value)) {
            goto error;
        }
        if (HPy_SetItem(ctx, dict, key, value) < 0) {
            goto error;
        }
        HPy_Close(ctx, key);
        HPy_Close(ctx, value);
        key = HPy_NULL;
        value = HPy_NULL;
    }
    return dict;

error:
    if (!HPy_IsNull(value)) {
        HPy_Close(ctx, value);
    }
    if (!HPy_IsNull(key)) {
        HPy_Close(ctx, key);
    }
    HPy_Close(ctx, dict);
    return HPy_NULL;
}

/* Build a bracketed group; st->p is just after the opener. */
static HPy build_group(HPyContext *ctx, bv_state *st, char opener)
{
    HPy_ssize_t n = count_items(st->p);
    HPy result;

    switch (opener) {
    case '(':
        result = build_tuple(ctx, st, n);
        break;
    case '[':
        result = build_list(ctx, st, n);
        break;
    default:
        result = build_dict(ctx, st, n);
        break;
    }
    if (!HPy_IsNull(result)) {
        skip_separators(st);
        st->p++; /* the closer, present since the format was checked */
    }
    return result;
}

static HPy build_handle(HPyContext *ctx, bv_state *st, char unit)
{
    HPy h = va_arg(*st->vl, HPy);

    if (HPy_IsNull(h)) {
        if (!HPyErr_Occurred(ctx)) {
            HPyErr_Format(ctx, ctx->h_SystemError,
                          "%s: HPy_NULL passed for unit '%c' in format \"%s\"",
                          API, unit, st->format);
        }
        return HPy_NULL;
    }
    return HPy_Dup(ctx, h);
}

static HPy build_item(HPyContext *ctx, bv_state *st)
{
    const char *s;
    char c;

    skip_separators(st);
    c = *st->p++;
    switch (c) {
    case '(':
    case '[':
    case '{':
        return build_group(ctx, st, c);
    case 'i':
        return HPyLong_FromLong(ctx, (long)va_arg(*st->vl, int));
    case 'I':
        return HPyLong_FromUnsignedLong(ctx, (unsigned long)va_arg(*st->vl, unsigned int));
    case 'k':
        return HPyLong_FromUnsignedLong(ctx, va_arg(*st->vl, unsigned long));
    case 'l':
        return HPyLong_FromLong(ctx, va_arg(*st->vl, long));
    case 'L':
        return HPyLong_FromLongLong(ctx, va_arg(*st->vl, long long));
    case 'K':
        return HPyLong_FromUnsignedLongLong(ctx, va_arg(*st->vl, unsigned long long));
    case 'n':
        return HPyLong_FromSsize_t(ctx, va_arg(*st->vl, HPy_ssize_t));
    case 'f':
    case 'd':
        return HPyFloat_FromDouble(ctx, va_arg(*st->vl, double));
    case 's':
        s = va_arg(*st->vl, const char *);
        if (s == NULL) {
            return HPy_Dup(ctx, ctx->h_None);
        }
        return HPyUnicode_FromString(ctx, s);
    default: /* 'O' 'S' */
        return build_handle(ctx, st, c);
    }
}

HPyAPI_HELPER HPy
HPy_BuildValue(HPyContext *ctx, const char *fmt, ...)
{
    bv_state st;
    va_list vl;
    HPy_ssize_t n;
    HPy result;

    if (fmt == NULL) {
        HPyErr_Format(ctx, ctx->h_SystemError, "%s: format is NULL", API);
        return HPy_NULL;
    }
    if (check_group(ctx, fmt, fmt, '\0') == NULL) {
        return HPy_NULL;
    }
    n = count_items(fmt);
    if (n == 0) {
        return HPy_Dup(ctx, ctx->h_None);
    }
    va_start(vl, fmt);
    st.format = fmt;
    st.p = fmt;
    st.vl = &vl;
    if (n == 1) {
        result = build_item(ctx, &st);
    }
    else {
        result = build_tuple(ctx, &st, n);
    }
    va_end(vl);
    return result;
}

/* See elfcheck.h. Only what the dynamic linker maps is checked: the ELF identity, that the
   file is a shared object for this machine, and that every segment it loads lies inside
   the file. */
#include "elfcheck.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__linux__) || defined(__FreeBSD__)
#include <elf.h>
#include <link.h> /* ElfW() */

static int fail(char *why, size_t size, const char *text)
{
    snprintf(why, size, "%s", text);
    return -1;
}

/* The ELF machine of the running process, read from our own headers. */
static int host_machine(void)
{
#if defined(__x86_64__)
    return EM_X86_64;
#elif defined(__aarch64__)
    return EM_AARCH64;
#elif defined(__i386__)
    return EM_386;
#elif defined(__arm__)
    return EM_ARM;
#elif defined(__powerpc64__)
    return EM_PPC64;
#elif defined(__s390x__)
    return EM_S390;
#elif defined(__riscv)
    return EM_RISCV;
#else
    return -1; /* unknown: do not check */
#endif
}

int hpykit_check_shared_object(const char *path, char *why, size_t why_size)
{
    ElfW(Ehdr) eh;
    ElfW(Phdr) ph;
    struct stat st;
    FILE *f;
    int i, result = -1;
    unsigned char expected_class = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;

    if (stat(path, &st) != 0) {
        return fail(why, why_size, "the file does not exist or cannot be read");
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        return fail(why, why_size, "the file cannot be opened");
    }
    if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0) {
        fail(why, why_size, "not a shared object: no ELF header");
        goto cleanup;
    }
    if (eh.e_ident[EI_CLASS] != expected_class) {
        fail(why, why_size, "a shared object for another word size (32/64-bit)");
        goto cleanup;
    }
    if (eh.e_type != ET_DYN) {
        fail(why, why_size, "an ELF file that is not a shared object");
        goto cleanup;
    }
    if (host_machine() >= 0 && eh.e_machine != host_machine()) {
        snprintf(why, why_size, "a shared object for another machine (ELF machine %d)",
                 (int)eh.e_machine);
        goto cleanup;
    }
    if (eh.e_phentsize != sizeof(ElfW(Phdr)) ||
        (off_t)(eh.e_phoff + (ElfW(Off))eh.e_phnum * sizeof(ElfW(Phdr))) > st.st_size) {
        fail(why, why_size, "truncated or corrupt: the program headers lie outside the file");
        goto cleanup;
    }
    for (i = 0; i < eh.e_phnum; i++) {
        if (fseek(f, (long)(eh.e_phoff + (ElfW(Off))i * sizeof(ph)), SEEK_SET) != 0 ||
            fread(&ph, sizeof(ph), 1, f) != 1) {
            fail(why, why_size, "truncated or corrupt: cannot read a program header");
            goto cleanup;
        }
        if ((ph.p_type == PT_LOAD || ph.p_type == PT_DYNAMIC) &&
            (ph.p_offset > (ElfW(Off))st.st_size ||
             ph.p_filesz > (ElfW(Off))st.st_size - ph.p_offset)) {
            fail(why, why_size, "truncated or corrupt: a loadable segment extends past the end "
                 "of the file");
            goto cleanup;
        }
    }
    result = 0;
cleanup:
    fclose(f);
    return result;
}

#else

int hpykit_check_shared_object(const char *path, char *why, size_t why_size)
{
    (void)path;
    (void)why;
    (void)why_size;
    return 0; /* other object formats: the platform loader reports errors itself */
}

#endif

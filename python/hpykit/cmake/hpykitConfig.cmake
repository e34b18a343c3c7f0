# CMake package configuration of hpykit: HPy extensions from CMake.
#
#   execute_process(COMMAND "${Python_EXECUTABLE}" -m hpykit --cmake-dir
#                   OUTPUT_VARIABLE hpykit_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
#   find_package(hpykit CONFIG REQUIRED)
#   hpykit_add_extension(mod ABI universal SOURCES src/mod.c)
#
# hpykit_add_extension(<name> [ABI cpython|universal|hybrid] SOURCES <file>...)
# adds a MODULE library named <name> (the module's short name) whose file is
# <name><suffix> (mod.hpy0.so for universal). ABI defaults to HPYKIT_ABI if set,
# else universal. Every compile and link fact comes from the hpykit command of the
# Python in Python_EXECUTABLE (found if unset): the same facts as hpykit.build.flags.

if(NOT Python_EXECUTABLE)
  find_package(Python REQUIRED COMPONENTS Interpreter)
endif()

function(_hpykit_query out)
  execute_process(
    COMMAND "${Python_EXECUTABLE}" -m hpykit ${ARGN}
    OUTPUT_VARIABLE value
    ERROR_VARIABLE error
    RESULT_VARIABLE status
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "hpykit: '${Python_EXECUTABLE} -m hpykit ${ARGN}' failed: ${error}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(hpykit_add_extension name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "ABI" "SOURCES")
  if(NOT ARG_ABI)
    if(HPYKIT_ABI)
      set(ARG_ABI "${HPYKIT_ABI}")
    else()
      set(ARG_ABI universal)
    endif()
  endif()
  if(NOT ARG_ABI MATCHES "^(cpython|universal|hybrid)$")
    message(FATAL_ERROR "hpykit_add_extension(${name}): invalid ABI '${ARG_ABI}' "
                        "(expected cpython, universal or hybrid)")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "hpykit_add_extension(${name}): no SOURCES")
  endif()
  _hpykit_query(cflags --cflags --abi ${ARG_ABI})
  _hpykit_query(ldflags --ldflags --abi ${ARG_ABI})
  _hpykit_query(suffix --ext-suffix --abi ${ARG_ABI})
  separate_arguments(cflags UNIX_COMMAND "${cflags}")
  separate_arguments(ldflags UNIX_COMMAND "${ldflags}")
  add_library(${name} MODULE ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${cflags})
  target_link_libraries(${name} PRIVATE ${ldflags})
  if(APPLE AND NOT ARG_ABI STREQUAL "universal")
    target_link_options(${name} PRIVATE -undefined dynamic_lookup)
  endif()
  set_target_properties(${name} PROPERTIES PREFIX "" SUFFIX "${suffix}")
endfunction()

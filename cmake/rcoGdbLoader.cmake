# Run by `cmake --install` (CMakeLists.txt): gdb's auto-load files for the
# shared libraries. gdb looks for <datadir>/gdb/auto-load/<the library's
# real path>-gdb.py, so the name depends on the prefix given at install
# time, which only this script knows (CMAKE_INSTALL_PREFIX here is the one
# of `cmake --install --prefix`).
foreach(var LIBDIR DATADIR)
  if(IS_ABSOLUTE "${RCO_GDB_${var}}")
    set(dir "${RCO_GDB_${var}}")
  else()
    set(dir "${CMAKE_INSTALL_PREFIX}/${RCO_GDB_${var}}")
  endif()
  get_filename_component(dir "${dir}" ABSOLUTE)
  if("$ENV{DESTDIR}" STREQUAL "" AND EXISTS "${dir}")
    file(REAL_PATH "${dir}" dir)  # gdb names the library by its real path
  endif()
  set(${var} "${dir}")
endforeach()
set(autoload "${DATADIR}/gdb/auto-load${LIBDIR}")
file(RELATIVE_PATH REL "${autoload}" "${DATADIR}/rco/gdb")
# Installs into different prefixes may run at once (the tests do): each
# writes its files in a folder of its own.
string(MD5 work "${autoload}")
set(work "${RCO_GDB_WORK}/${work}")
foreach(LIB ${RCO_GDB_LIBS})
  configure_file("${RCO_GDB_TEMPLATE}" "${work}/${LIB}-gdb.py" @ONLY)
  file(INSTALL DESTINATION "${autoload}" TYPE FILE FILES "${work}/${LIB}-gdb.py")
endforeach()

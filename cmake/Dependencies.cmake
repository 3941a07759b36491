# Every third-party dependency is a Debian package (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED CONFIG COMPONENTS json url)
find_package(SQLiteCpp REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBXCRYPT REQUIRED IMPORTED_TARGET libxcrypt)
# cmark (CommonMark): agreement templates on the public pay page.
pkg_check_modules(LIBCMARK REQUIRED IMPORTED_TARGET libcmark)
# Howard Hinnant's date/tz (libhowardhinnant-date-dev): Debian builds libdate-tz with
# USE_OS_TZDB=1, so time zones come from the system tz database (/usr/share/zoneinfo).
find_package(date CONFIG REQUIRED)

# libphonenumber: headers from /usr/include or the unpacked copy of install-deps.sh.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h
  HINTS $ENV{CRM_DEPS_PREFIX}/include /opt/libcrm-deps/include)
find_library(PHONENUMBER_LIBRARY NAMES phonenumber libphonenumber.so.8)
if(NOT PHONENUMBER_INCLUDE_DIR OR NOT PHONENUMBER_LIBRARY)
  message(FATAL_ERROR "libphonenumber not found: run scripts/install-deps.sh")
endif()
find_package(Protobuf REQUIRED)
add_library(crm_phonenumber INTERFACE)
target_include_directories(crm_phonenumber SYSTEM INTERFACE ${PHONENUMBER_INCLUDE_DIR})
target_link_libraries(crm_phonenumber INTERFACE ${PHONENUMBER_LIBRARY} protobuf::libprotobuf)

if(CRM_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()

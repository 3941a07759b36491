include(CMakePackageConfigHelpers)

install(TARGETS crm crm_core crm_sqlite crm_postgres crm_storage crm_rest crm_curl crm_providers
  crm_phonenumber EXPORT crmTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS crm-server crm-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/crm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT crmTargets NAMESPACE crm:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/crm)

configure_package_config_file(cmake/crmConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/crmConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/crm)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/crmConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/crmConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/crmConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/crm)

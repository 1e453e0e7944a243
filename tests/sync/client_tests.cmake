# The kiosk's sync client (included from tests/sync/CMakeLists.txt).
standpoint_test(sync_client_tests
    ../doctest_main.cpp
    delivery_policy_test.cpp
    outbox_test.cpp
    sync_config_test.cpp
)
target_link_libraries(sync_client_tests PRIVATE sync_client SQLite::SQLite3)

# Against the real collector through a fault-injecting proxy (127.0.0.1 only).
if(TARGET standpoint-collector)
    standpoint_test(sync_fault_tests
        ../doctest_main.cpp
        fault_proxy.cpp
        sync_fault_test.cpp
    )
    target_link_libraries(sync_fault_tests PRIVATE sync_client SQLite::SQLite3)
    target_compile_definitions(sync_fault_tests PRIVATE
        STANDPOINT_COLLECTOR="$<TARGET_FILE:standpoint-collector>")
    add_dependencies(sync_fault_tests standpoint-collector)
    if(TARGET standpoint)
        target_compile_definitions(sync_fault_tests PRIVATE
            STANDPOINT_EXE="$<TARGET_FILE:standpoint>")
        add_dependencies(sync_fault_tests standpoint)
    endif()
    set_tests_properties(sync_fault_tests PROPERTIES TIMEOUT 120)
endif()

// The floor under the kiosk's cold start and footprint (scripts/bench_kiosk.sh): the least a
// program needs to put one frame on the screen through the same GLFW, GL 3.0 context and driver
// as the kiosk, with no fonts, no ImGui, no store. It clears a full-screen borderless window,
// swaps, prints "first frame after N ms" (from main(), like the kiosk) and then waits for events
// until SIGTERM, so its PSS can be read like the kiosk's.
#include <GLFW/glfw3.h>

#include <chrono>
#include <csignal>
#include <cstdio>

namespace {

volatile std::sig_atomic_t g_is_stop_requested = 0;
void on_stop(int) { g_is_stop_requested = 1; }

}  // namespace

int main() {
    const auto started = std::chrono::steady_clock::now();
    std::signal(SIGTERM, on_stop);
    if (glfwInit() != GLFW_TRUE) {
        std::fprintf(stderr, "first_frame_floor: GLFW did not start\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    int width = 1280;
    int height = 800;
    if (const GLFWvidmode* mode = glfwGetVideoMode(glfwGetPrimaryMonitor())) {
        width = mode->width;
        height = mode->height;
    }
    GLFWwindow* window = glfwCreateWindow(width, height, "first frame floor", nullptr, nullptr);
    if (window == nullptr) {
        std::fprintf(stderr, "first_frame_floor: no window with OpenGL 3.0\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glClearColor(0.96f, 0.96f, 0.94f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    glfwSwapBuffers(window);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    std::fprintf(stderr, "first frame after %lld ms\n",
                 static_cast<long long>(
                     std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
    // SIGTERM interrupts the wait only if something wakes GLFW; a timeout keeps the loop honest
    // without drawing anything.
    while (!g_is_stop_requested) glfwWaitEventsTimeout(0.5);
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}

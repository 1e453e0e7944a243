#include "kiosk/app/window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "kiosk/app/start_trace.hpp"
#include "kiosk/ui/theme.hpp"

namespace standpoint::app {
namespace {

std::atomic<unsigned> g_input_count{0};

std::mutex g_error_mutex;
std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
    std::lock_guard lock(g_error_mutex);
    g_last_glfw_error = std::string(description ? description : "unknown error") + " (GLFW error " +
                        std::to_string(code) + ")";
}

std::string last_glfw_error() {
    std::lock_guard lock(g_error_mutex);
    return g_last_glfw_error.empty() ? "no reason given" : g_last_glfw_error;
}

void bump() { g_input_count.fetch_add(1, std::memory_order_relaxed); }

// Installed before the ImGui backend, which saves and chains them (PrevUserCallback*).
void on_mouse_button(GLFWwindow*, int, int, int) { bump(); }
void on_scroll(GLFWwindow*, double, double) { bump(); }
void on_key(GLFWwindow*, int, int, int, int) { bump(); }
void on_char(GLFWwindow*, unsigned) { bump(); }
void on_focus(GLFWwindow*, int) { bump(); }
void on_cursor_enter(GLFWwindow*, int) { bump(); }
// The 1.86 backend installs none of these, so they are set afterwards.
void on_cursor_pos(GLFWwindow*, double, double) { bump(); }
void on_refresh(GLFWwindow*) { bump(); }
void on_framebuffer_size(GLFWwindow*, int, int) { bump(); }

// A kiosk has no window manager to stop Alt+F4 and no one who should close it by tapping
// (docs/kiosk-session.md): staff stop it with a signal or, later, from the staff screen.
void refuse_close(GLFWwindow* window) { glfwSetWindowShouldClose(window, GLFW_FALSE); }

}  // namespace

Result<std::unique_ptr<GlfwLibrary>> GlfwLibrary::start() {
    glfwSetErrorCallback(on_glfw_error);
    if (glfwInit() != GLFW_TRUE) return Error{last_glfw_error()};
    return std::unique_ptr<GlfwLibrary>(new GlfwLibrary());
}

GlfwLibrary::~GlfwLibrary() { glfwTerminate(); }

void GlfwLibrary::post_empty_event() { glfwPostEmptyEvent(); }

Result<std::unique_ptr<Window>> Window::open(const WindowConfig& config) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    int width = 1280;
    int height = 800;
    if (!config.is_windowed) {
        // A borderless window over the primary monitor rather than an exclusive full-screen mode:
        // no video mode switch, and the same code runs under Xvfb, Xorg and Xwayland (cage).
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
        if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
            if (const GLFWvidmode* mode = glfwGetVideoMode(monitor)) {
                width = mode->width;
                height = mode->height;
            }
        }
    }
    if (config.size) {
        width = config.size->width;
        height = config.size->height;
    }
    GLFWwindow* handle = glfwCreateWindow(width, height, config.title.c_str(), nullptr, nullptr);
    if (!handle) return Error{"cannot open a window with OpenGL 3.0: " + last_glfw_error()};
    start_trace_mark("window made with its GL context (the GL driver loads here)");
    if (!config.is_windowed) {
        glfwSetWindowPos(handle, 0, 0);
        glfwSetInputMode(handle, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);  // touch: no pointer to show
        glfwSetWindowCloseCallback(handle, refuse_close);
    }
    glfwMakeContextCurrent(handle);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;               // a kiosk writes no imgui.ini
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would need a frame twice a second
    // Without this the 1.86 backend sets GLFW_CURSOR_NORMAL again every frame, showing the
    // hidden pointer; in a window the system pointer is fine as it is.
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;

    glfwSetMouseButtonCallback(handle, on_mouse_button);
    glfwSetScrollCallback(handle, on_scroll);
    glfwSetKeyCallback(handle, on_key);
    glfwSetCharCallback(handle, on_char);
    glfwSetWindowFocusCallback(handle, on_focus);
    glfwSetCursorEnterCallback(handle, on_cursor_enter);
    ImGui_ImplGlfw_InitForOpenGL(handle, true);
    glfwSetCursorPosCallback(handle, on_cursor_pos);
    glfwSetWindowRefreshCallback(handle, on_refresh);
    glfwSetFramebufferSizeCallback(handle, on_framebuffer_size);
    ImGui_ImplOpenGL3_Init("#version 130");
    return std::unique_ptr<Window>(new Window(handle));
}

Window::~Window() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(handle_);
}

unsigned Window::input_count() const { return g_input_count.load(std::memory_order_relaxed); }

bool Window::should_close() const { return glfwWindowShouldClose(handle_) == GLFW_TRUE; }

float Window::framebuffer_height() const {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(handle_, &width, &height);
    return static_cast<float>(height);
}

float Window::framebuffer_shorter_side() const {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(handle_, &width, &height);
    return static_cast<float>(std::min(width, height));
}

void Window::poll_events() { glfwPollEvents(); }

void Window::wait_events(std::optional<double> timeout_s) {
    if (!timeout_s) {
        glfwWaitEvents();
    } else if (*timeout_s > 0) {
        glfwWaitEventsTimeout(*timeout_s);
    } else {
        glfwPollEvents();
    }
}

void Window::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ui::park_pointer_after_release();  // after the backend polled the pointer, before ImGui uses it
    ImGui::NewFrame();
}

void Window::end_frame() {
    ImGui::Render();
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(handle_, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(handle_);
}

}  // namespace standpoint::app

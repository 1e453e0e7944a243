// The kiosk's one window: GLFW (X11) + OpenGL 3 + Dear ImGui's GLFW/OpenGL3 backends.
// The only file that includes GLFW; it and frame_loop.cpp are the app's only ImGui users.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "kiosk/app/cli.hpp"
#include "kiosk/core/result.hpp"

struct GLFWwindow;

namespace standpoint::app {

// glfwInit/glfwTerminate. Failing to start is almost always "no display", so the error is kept
// for the message that tells staff how to run without one.
class GlfwLibrary {
public:
    static Result<std::unique_ptr<GlfwLibrary>> start();
    ~GlfwLibrary();
    GlfwLibrary(const GlfwLibrary&) = delete;
    GlfwLibrary& operator=(const GlfwLibrary&) = delete;

    // Wakes glfwWaitEvents from any thread.
    static void post_empty_event();

private:
    GlfwLibrary() = default;
};

struct WindowConfig {
    bool is_windowed = false;
    std::optional<WindowSize> size;
    std::string title = "Standpoint";
};

class Window {
public:
    // Needs a started GlfwLibrary. Creates the window, the GL context and the ImGui context with
    // kiosk settings (no imgui.ini, no caret blink, no cursor changes).
    static Result<std::unique_ptr<Window>> open(const WindowConfig& config);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // How many input callbacks (tap, key, pointer move, expose, resize...) have fired so far:
    // the frame loop draws a few more frames whenever this changes.
    unsigned input_count() const;

    bool should_close() const;
    float framebuffer_height() const;
    // The shorter side: what fonts and the theme scale with (the views do too), so a portrait
    // screen gets the same text size as a landscape one, not 1920/1080 times larger.
    float framebuffer_shorter_side() const;

    void poll_events();
    // Sleeps until an event arrives or `timeout_s` passes (forever when nullopt).
    void wait_events(std::optional<double> timeout_s);

    void begin_frame();  // backends' NewFrame, touch pointer parking, ImGui::NewFrame
    void end_frame();    // ImGui::Render, draw, swap

private:
    explicit Window(GLFWwindow* handle) : handle_(handle) {}
    GLFWwindow* handle_;
};

}  // namespace standpoint::app

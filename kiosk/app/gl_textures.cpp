#include "kiosk/app/gl_textures.hpp"

#include <GL/gl.h>

#include <cstdint>

#include "kiosk/ui/shaped_text.hpp"

namespace standpoint::app {
namespace {

ImTextureID upload(int width_px, int height_px, const std::uint8_t* rgba) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    if (texture == 0) return nullptr;
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);  // ImGui's backend keeps its own binding
    glBindTexture(GL_TEXTURE_2D, texture);
    // Drawn at 1:1 on the pixel grid, so nearest would do; linear keeps a half-pixel offset soft.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width_px, height_px, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
    // ImTextureID is a pointer in ImGui 1.86; the backend casts it back to a GLuint.
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture));
}

void release(ImTextureID texture) {
    const auto name = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
    glDeleteTextures(1, &name);
}

}  // namespace

void install_gl_texture_uploader() {
    ui::set_texture_uploader(ui::TextureUploader{upload, release});
}

void uninstall_gl_texture_uploader() { ui::set_texture_uploader({}); }

}  // namespace standpoint::app

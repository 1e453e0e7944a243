// The GL side of shaped text: kiosk/ui shapes Urdu, Bengali... into RGBA bitmaps; these upload
// them as textures in the window's GL context. Install after the window (and its context) exist,
// and uninstall before the context goes.
#pragma once

namespace standpoint::app {

void install_gl_texture_uploader();
void uninstall_gl_texture_uploader();  // releases every shaped-text texture

}  // namespace standpoint::app

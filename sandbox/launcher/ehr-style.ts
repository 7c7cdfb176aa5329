/**
 * The sandbox EHR's look, served at /launcher/style.json and sent as `smart_style_url` when a launch
 * asks for it (`style=1`): the SMART App Launch styling properties, with colours that keep AA contrast.
 */
export const SANDBOX_EHR_STYLE = {
  color_background: '#f7f5f0',
  color_error: '#9e1c1c',
  color_highlight: '#5a2d82',
  color_modal_backdrop: '',
  color_success: '#2e6b30',
  color_text: '#1f2328',
  dim_border_radius: '4px',
  dim_font_size: '16px',
  dim_spacing_size: '16px',
  font_family_body: "Georgia, 'Times New Roman', serif",
  font_family_heading: "'Helvetica Neue', Helvetica, Arial, sans-serif",
};

export const STYLE_PATH = '/launcher/style.json';

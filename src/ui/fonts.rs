//! The CJK fallback font, found through the system's font configuration: `fontdb` reads
//! fontconfig's files for the font folders and every face's names, so any installed CJK font
//! serves, wherever the distribution puts it. Found once per process (tests build many apps).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use eframe::egui::FontData;

/// The package that provides the font the window prefers (named when none is installed).
pub const CJK_PACKAGE: &str = "fonts-noto-cjk";

/// Families that cover Simplified Chinese, best first (Noto Sans CJK SC is Debian's
/// `fonts-noto-cjk`; the others are what other desktops commonly carry).
const PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Sarasa Gothic SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
];

/// An installed CJK font, loaded.
pub struct CjkFont {
    /// Its family name as the font names itself in English.
    pub family: String,
    /// The file it came from.
    pub path: PathBuf,
    /// The face, ready for egui (with its index in a collection).
    pub data: Arc<FontData>,
}

/// The CJK font this process uses, or `None` when the system has none.
pub fn cjk_font() -> Option<&'static CjkFont> {
    static FONT: OnceLock<Option<CjkFont>> = OnceLock::new();
    FONT.get_or_init(find).as_ref()
}

fn find() -> Option<CjkFont> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let regular = |face: &&fontdb::FaceInfo| {
        face.style == fontdb::Style::Normal && face.weight == fontdb::Weight::NORMAL
    };
    let named = |family: &str| {
        let mut faces: Vec<&fontdb::FaceInfo> = db
            .faces()
            .filter(|face| face.families.iter().any(|(name, _)| name == family))
            .collect();
        // The regular face where the family has several weights.
        faces.sort_by_key(|face| !regular(face));
        faces.first().map(|face| face.id)
    };
    // Otherwise any face that names itself in Chinese (a CJK font by construction).
    let chinese_named = || {
        db.faces()
            .filter(|face| {
                face.families.iter().any(|(_, language)| {
                    matches!(
                        language,
                        fontdb::Language::Chinese_PeoplesRepublicOfChina
                            | fontdb::Language::Chinese_Singapore
                            | fontdb::Language::Chinese_Taiwan
                            | fontdb::Language::Chinese_HongKongSAR
                            | fontdb::Language::Chinese_MacaoSAR
                    )
                })
            })
            .find(regular)
            .map(|face| face.id)
    };
    let id = PREFERRED
        .iter()
        .find_map(|family| named(family))
        .or_else(chinese_named)?;
    let face = db.face(id)?;
    let path = match &face.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
        fontdb::Source::Binary(_) => PathBuf::new(),
    };
    let family = face
        .families
        .first()
        .map(|(name, _)| name.clone())
        .unwrap_or_default();
    let data = db.with_face_data(id, |bytes, index| {
        let mut data = FontData::from_owned(bytes.to_vec());
        data.index = index;
        data
    })?;
    tracing::debug!(family = family.as_str(), path = %path.display(), "CJK font found");
    Some(CjkFont {
        family,
        path,
        data: Arc::new(data),
    })
}

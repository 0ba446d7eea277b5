//! Lambert conformal conic projection and the frame that fits it to a map's view box.

use std::f64::consts::FRAC_PI_4;

/// Standard parallels: the band where Central Asia and western China lie.
pub(crate) const PARALLELS: [f64; 2] = [35.0, 55.0];
/// The centre of the region: 45°N 75°E.
pub(crate) const CENTRE: [f64; 2] = [75.0, 45.0];

/// Lambert conformal conic on a unit sphere (Snyder, Map Projections, eq. 15-1 to 15-3).
/// Shapes are true at any point, and areas close to true between the two parallels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lambert {
    n: f64,
    f: f64,
    rho0: f64,
    lon0: f64,
}

impl Lambert {
    /// Centred on meridian `lon0` and parallel `lat0`, cutting the globe at `parallels`.
    pub(crate) fn new(lon0: f64, lat0: f64, parallels: [f64; 2]) -> Lambert {
        let [p1, p2] = parallels.map(f64::to_radians);
        let t = |phi: f64| (FRAC_PI_4 + phi / 2.0).tan();
        let n = if (p1 - p2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        let f = p1.cos() * t(p1).powf(n) / n;
        let rho0 = f / t(lat0.to_radians()).powf(n);
        Lambert {
            n,
            f,
            rho0,
            lon0: lon0.to_radians(),
        }
    }

    /// (x, y) with x east and y north, in Earth radii.
    pub(crate) fn project(&self, [lon, lat]: [f64; 2]) -> [f64; 2] {
        // Keep the poles finite: nothing drawn comes near them.
        let lat = lat.clamp(-89.0, 89.0).to_radians();
        let rho = self.f / (FRAC_PI_4 + lat / 2.0).tan().powf(self.n);
        let theta = self.n * (lon.to_radians() - self.lon0);
        [rho * theta.sin(), self.rho0 - rho * theta.cos()]
    }
}

/// Projected coordinates scaled into a view box `width` wide, y pointing down.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub(crate) projection: Lambert,
    /// Projected [min x, min y, max x, max y] shown.
    pub(crate) extent: [f64; 4],
    pub(crate) width: f64,
    pub(crate) height: f64,
}

impl Frame {
    /// The frame showing `extent` `width` units wide, its height kept in proportion.
    pub(crate) fn new(projection: Lambert, extent: [f64; 4], width: f64) -> Frame {
        let scale = width / (extent[2] - extent[0]);
        Frame {
            projection,
            extent,
            width,
            height: ((extent[3] - extent[1]) * scale).round(),
        }
    }

    pub(crate) fn scale(&self) -> f64 {
        self.width / (self.extent[2] - self.extent[0])
    }

    /// View-box coordinates of a point in degrees.
    pub(crate) fn point(&self, lonlat: [f64; 2]) -> [f64; 2] {
        let [x, y] = self.projection.project(lonlat);
        let k = self.scale();
        [(x - self.extent[0]) * k, (self.extent[3] - y) * k]
    }
}

/// The projected bounding box of the points.
pub(crate) fn bbox(points: impl IntoIterator<Item = [f64; 2]>) -> Option<[f64; 4]> {
    points.into_iter().fold(None, |acc, [x, y]| {
        Some(match acc {
            None => [x, y, x, y],
            Some([a, b, c, d]) => [a.min(x), b.min(y), c.max(x), d.max(y)],
        })
    })
}

/// The box grown by `pad` of its size on every side, then widened or heightened
/// around its centre until its height/width ratio lies within `aspect`, and at least
/// `min_width` wide.
pub(crate) fn frame_box(b: [f64; 4], pad: f64, aspect: [f64; 2], min_width: f64) -> [f64; 4] {
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let mut w = (b[2] - b[0]) * (1.0 + 2.0 * pad);
    let mut h = (b[3] - b[1]) * (1.0 + 2.0 * pad);
    w = w.max(min_width);
    if h < w * aspect[0] {
        h = w * aspect[0];
    }
    if h > w * aspect[1] {
        w = h / aspect[1];
    }
    [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_is_a_conic_centred_on_the_region() {
        let p = Lambert::new(CENTRE[0], CENTRE[1], PARALLELS);
        let [x, y] = p.project(CENTRE);
        assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
        // North is up; east is right; meridians converge towards the pole.
        assert!(p.project([75.0, 50.0])[1] > 0.0 && p.project([80.0, 45.0])[0] > 0.0);
        let width = |lat: f64| p.project([80.0, lat])[0] - p.project([70.0, lat])[0];
        assert!(width(55.0) < width(35.0));
        // True scale on both standard parallels, a little smaller between them.
        let scale = |lat: f64| {
            let a = p.project([75.0, lat]);
            let b = p.project([75.01, lat]);
            (b[0] - a[0]).hypot(b[1] - a[1]) / (0.01f64.to_radians() * lat.to_radians().cos())
        };
        assert!((scale(35.0) - 1.0).abs() < 1e-3 && (scale(55.0) - 1.0).abs() < 1e-3);
        assert!(scale(45.0) < 0.99);
    }
}

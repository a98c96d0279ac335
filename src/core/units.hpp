// Units. Areas are m² everywhere inside tenglong; 亩 only at the edges (reports, thresholds
// written in 亩 by the policies). 1 亩 = 10000/15 m² exactly (1 ha = 15 亩); never 666.67.
#pragma once

namespace tl {

constexpr double kM2PerMu = 10000.0 / 15.0;

constexpr double m2_to_mu(double area_m2) noexcept { return area_m2 * 15.0 / 10000.0; }
constexpr double mu_to_m2(double area_mu) noexcept { return area_mu * 10000.0 / 15.0; }
constexpr double m2_to_ha(double area_m2) noexcept { return area_m2 / 10000.0; }

} // namespace tl

// Who to call about each shortlist row (issue 24 item 6): the land holder (权利人 / 受让人, the
// parcel's owner) and, where the 亩均 table links a firm to the parcel, the firm and its
// 统一社会信用代码 — beside the row's 镇街. Looked up by the row's parcel (宗地代码; 零星地块: the
// host's) in the run's parcels table (report/intensity_report.hpp), so the shortlists say what
// parcels.csv says.
#pragma once
#include "report/table.hpp"

namespace tl::report {

// Adds holder (unless `t` has an owner column), firm and credit-code columns after `t`'s 镇街
// column (else after its first column). A table without a parcel column is left alone.
void add_contacts(Table& t, const Table& parcels);

} // namespace tl::report

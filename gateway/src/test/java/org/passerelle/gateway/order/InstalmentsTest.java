package org.passerelle.gateway.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstalmentsTest {

    @Test
    void theSplitLosesNoCentAndDiffersByOneAtMostTheEarlierTermsTakingTheExtra() {
        for (int total = 12; total < 5000; total += 7) {
            for (int terms = 1; terms <= 12; terms++) {
                List<Integer> split = Instalments.split(total, terms);
                assertThat(split).hasSize(terms);
                assertThat(split.stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
                assertThat(Collections.max(split) - Collections.min(split)).isLessThanOrEqualTo(1);
                assertThat(split).isSortedAccordingTo(Collections.reverseOrder());
            }
        }
        assertThat(Instalments.split(10000, 3)).containsExactly(3334, 3333, 3333);
        assertThat(Instalments.split(100, 12)).containsExactly(9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8);
        assertThatThrownBy(() -> Instalments.split(100, 13)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Instalments.split(5, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void termsFallMonthlyOnTheSameDayAndNeverAfterThe28th() {
        for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() < 2028; day = day.plusDays(1)) {
            List<LocalDate> dates = Instalments.laterDates(day, 12);
            assertThat(dates).hasSize(11);
            LocalDate previous = day;
            for (int i = 0; i < dates.size(); i++) {
                LocalDate date = dates.get(i);
                assertThat(date).isAfter(previous);
                assertThat(date.getDayOfMonth()).isEqualTo(Math.min(day.getDayOfMonth(), 28));
                assertThat(date.withDayOfMonth(1)).isEqualTo(day.withDayOfMonth(1).plusMonths(i + 1));
                previous = date;
            }
        }
        assertThat(Instalments.laterDates(LocalDate.of(2026, 1, 31), 3))
                .containsExactly(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 28));
    }
}

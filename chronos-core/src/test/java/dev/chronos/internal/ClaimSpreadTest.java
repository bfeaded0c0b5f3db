package dev.chronos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimSpreadTest {
  private final ClaimSpread spread = new ClaimSpread(new SplittableRandom(42));

  private static List<Integer> due(int n) {
    return new ArrayList<>(IntStream.range(0, n).boxed().toList());
  }

  @Test
  void a_lane_that_claims_alone_takes_its_room_in_due_order() {
    assertThat(spread.window(8)).isEqualTo(8);
    List<Integer> giveBack = new ArrayList<>();
    assertThat(spread.choose(due(8), 8, giveBack)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(giveBack).isEmpty();

    spread.claimed(8, 8);
    assertThat(spread.contended()).isFalse();
    assertThat(spread.window(8)).isEqualTo(8);
  }

  @Test
  void a_short_claim_makes_the_next_claims_choose_at_random_among_more_due_entries() {
    spread.claimed(8, 5);
    assertThat(spread.contended()).isTrue();
    assertThat(spread.window(8)).isEqualTo(ClaimSpread.MIN_WINDOW);
    assertThat(spread.window(512)).isEqualTo(512 * ClaimSpread.WINDOW);

    List<Integer> taken = due(24);
    List<Integer> giveBack = new ArrayList<>();
    List<Integer> chosen = spread.choose(taken, 8, giveBack);

    assertThat(chosen).hasSize(8).doesNotHaveDuplicates();
    assertThat(giveBack).hasSize(16).doesNotContainAnyElementsOf(chosen);
    List<Integer> all = new ArrayList<>(chosen);
    all.addAll(giveBack);
    assertThat(all).containsExactlyInAnyOrderElementsOf(due(24)); // nothing lost, nothing twice
    assertThat(chosen).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7));
  }

  @Test
  void two_contended_lanes_mostly_choose_different_entries() {
    ClaimSpread other = new ClaimSpread(new SplittableRandom(7));
    spread.claimed(512, 100);
    other.claimed(512, 100);
    int overlap = 0;
    for (int round = 0; round < 20; round++) {
      var mine = new HashSet<>(spread.choose(due(1536), 512, new ArrayList<>()));
      for (Integer e : other.choose(due(1536), 512, new ArrayList<>())) {
        if (mine.contains(e)) {
          overlap++;
        }
      }
    }
    // Expected a third of 512 per round (512 × 512 / 1536); choosing in due order would be all.
    assertThat(overlap / 20).isBetween(120, 220);
  }

  @Test
  void contention_wears_off_after_whole_claims() {
    spread.claimed(10, 0);
    for (int i = 0; i < ClaimSpread.CONTENDED_CLAIMS - 1; i++) {
      spread.claimed(10, 10);
      assertThat(spread.contended()).isTrue();
    }
    spread.claimed(10, 10);
    assertThat(spread.contended()).isFalse();
    assertThat(spread.window(10)).isEqualTo(10);
  }
}

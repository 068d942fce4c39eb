package dev.fieldcrypt.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fieldcrypt.core.BlindIndex;
import dev.fieldcrypt.core.InvalidArgumentException;
import dev.fieldcrypt.core.Normalization;
import org.junit.jupiter.api.Test;

/** {@link ReencryptTarget#searchIndex}: validation, the target key and the stored columns spec. */
class SearchIndexTargetTest {
  private static final BlindIndex SPEC =
      BlindIndex.of(32, Normalization.LOWERCASE, Normalization.TRIM);

  private static ReencryptTarget users() {
    return ReencryptTarget.of("users", "id").column("email").column("phone");
  }

  @Test
  void key_namesIndexColumnBitsAndNormalization_inCanonicalOrder() {
    ReencryptTarget t =
        users()
            .searchIndex("phone", "phone_bidx", BlindIndex.of(16, Normalization.DIGITS))
            .searchIndex("email", "email_bidx", SPEC);
    assertThat(t.key())
        .isEqualTo(
            "users(id):email=users.email,phone=users.phone"
                + ";email>email_bidx/32/TRIM+LOWERCASE;phone>phone_bidx/16/DIGITS");
    assertThat(t.searchIndexOf("email"))
        .contains(new ReencryptTarget.SearchIndex("email_bidx", SPEC));
    assertThat(t.searchIndexOf("phone").orElseThrow().spec().bits()).isEqualTo(16);
    assertThat(t.hasSearchIndexes()).isTrue();
  }

  @Test
  void key_withoutIndexes_isTheKeyOfBefore() {
    assertThat(users().key()).isEqualTo("users(id):email=users.email,phone=users.phone");
    assertThat(users().searchIndexOf("email")).isEmpty();
    assertThat(users().hasSearchIndexes()).isFalse();
  }

  @Test
  void key_ofAnotherSpecOrIndexColumn_isAnotherTarget() {
    ReencryptTarget a = users().searchIndex("email", "email_bidx", SPEC);
    ReencryptTarget otherBits =
        users().searchIndex("email", "email_bidx", BlindIndex.of(24, Normalization.TRIM));
    ReencryptTarget otherSteps =
        users().searchIndex("email", "email_bidx", BlindIndex.of(32, Normalization.TRIM));
    ReencryptTarget otherColumn = users().searchIndex("email", "email_idx", SPEC);
    assertThat(a.key())
        .isNotEqualTo(otherBits.key())
        .isNotEqualTo(otherSteps.key())
        .isNotEqualTo(otherColumn.key())
        .isNotEqualTo(users().key());
    assertThat(a).isEqualTo(users().searchIndex("email", "email_bidx", SPEC)).isNotEqualTo(users());
  }

  @Test
  void columnsSpec_roundTripsIndexes_andTheJsonNamesThem() {
    ReencryptTarget t =
        users()
            .searchIndex("email", "email_bidx", SPEC)
            .searchIndex("phone", "phone_bidx", BlindIndex.exact());
    String spec = t.columnsSpec();
    assertThat(spec)
        .isEqualTo(
            "{\"email\":\"users.email\",\"@index:email\":\"email_bidx/32/TRIM+LOWERCASE\","
                + "\"phone\":\"users.phone\",\"@index:phone\":\"phone_bidx/256/\"}");
    ReencryptTarget back = ReencryptTarget.fromStored("users", "id", spec);
    assertThat(back).isEqualTo(t);
    assertThat(back.key()).isEqualTo(t.key());
    assertThat(back.searchIndexOf("phone").orElseThrow().spec()).isEqualTo(BlindIndex.exact());
    assertThat(ColumnsSpec.read(spec)).containsOnlyKeys("email", "phone");
  }

  @Test
  void fromStored_specsOfBeforeIndexes_stillRead() {
    // as the released engine wrote them: JSON of columns only, and the first line format
    ReencryptTarget json =
        ReencryptTarget.fromStored("users", "id", "{\"email\":\"users.email\",\"phone\":\"p\"}");
    ReencryptTarget lines = ReencryptTarget.fromStored("users", "id", "email=users.email\n");
    assertThat(json.columns()).containsExactly("email", "phone");
    assertThat(json.hasSearchIndexes()).isFalse();
    assertThat(json.key()).isEqualTo("users(id):email=users.email,phone=p");
    assertThat(lines.key()).isEqualTo("users(id):email=users.email");
  }

  @Test
  void fromStored_damagedIndexEntry_failsWithARemedy() {
    for (String spec :
        new String[] {
          "{\"email\":\"c\",\"@index:email\":\"email_bidx/32\"}",
          "{\"email\":\"c\",\"@index:email\":\"email_bidx/x/TRIM\"}",
          "{\"email\":\"c\",\"@index:email\":\"email_bidx/4/TRIM\"}",
          "{\"email\":\"c\",\"@index:email\":\"email_bidx/32/SHOUT\"}",
          "{\"@index:email\":\"email_bidx/32/\",\"email\":\"c\"}"
        }) {
      assertThatThrownBy(() -> ReencryptTarget.fromStored("users", "id", spec))
          .as(spec)
          .isInstanceOf(ReencryptJobException.class)
          .hasMessageContaining("columns_spec cannot be read")
          .hasMessageContaining("cancel the job");
    }
  }

  @Test
  void searchIndex_badInput_throwsInvalidArgument_namingTheColumn() {
    assertThatThrownBy(() -> users().searchIndex("email", "id", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("index column id of email is the id column");
    assertThatThrownBy(() -> users().searchIndex("email", "EMAIL", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is an encrypted column of the target");
    assertThatThrownBy(() -> users().searchIndex("email", "phone", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("index column phone of email is an encrypted column");
    assertThatThrownBy(() -> users().searchIndex("name", "name_bidx", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("column name is not part of this target");
    assertThatThrownBy(() -> users().searchIndex("email", "bidx; drop", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid index column name 'bidx; drop'");
    assertThatThrownBy(() -> users().searchIndex("email", "email_bidx", null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("spec of column email is null");
    ReencryptTarget one = users().searchIndex("email", "bidx", SPEC);
    assertThatThrownBy(() -> one.searchIndex("email", "email_bidx2", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("email already has a search index (bidx)");
    assertThatThrownBy(() -> one.searchIndex("phone", "BIDX", SPEC))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("listed twice (it is already the index of email)");
    assertThatThrownBy(() -> one.column("bidx"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("column bidx is the blind index of email");
  }
}

package dev.fieldcrypt.hibernate.internal;

import dev.fieldcrypt.core.FieldCipher;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Fills the {@code @SearchIndex} attributes before Hibernate writes a row: on insert, and on an
 * update that changes the encrypted attribute, the index of its plaintext under the cipher's active
 * version (the version the converter encrypts the value with in the same flush). Sets the state
 * Hibernate writes and the entity's attribute alike. Not API.
 */
final class SearchIndexListener implements PreInsertEventListener, PreUpdateEventListener {
  private static final long serialVersionUID = 1L;

  /** The state positions of one searchable attribute and its index in one persister. */
  private record Slot(int source, int index, SearchIndexes.Indexed indexed) {}

  private final transient SearchIndexes indexes;
  private final transient ConcurrentHashMap<String, List<Slot>> slots = new ConcurrentHashMap<>();

  SearchIndexListener(SearchIndexes indexes) {
    this.indexes = indexes;
  }

  @Override
  public boolean onPreInsert(PreInsertEvent event) {
    fill(event.getPersister(), event.getEntity(), event.getState(), null);
    return false;
  }

  @Override
  public boolean onPreUpdate(PreUpdateEvent event) {
    fill(event.getPersister(), event.getEntity(), event.getState(), event.getOldState());
    return false;
  }

  private void fill(EntityPersister persister, Object entity, Object[] state, Object[] old) {
    List<Slot> list = slots.computeIfAbsent(persister.getEntityName(), n -> slotsOf(persister));
    if (list.isEmpty()) {
      return;
    }
    FieldCipher cipher = indexes.cipher();
    for (Slot s : list) {
      Object value = state[s.source];
      boolean changed =
          old == null || !Objects.equals(old[s.source], value) || state[s.index] == null;
      if (!changed && value != null) {
        continue;
      }
      String idx =
          value == null
              ? null
              : cipher.blindIndex((String) value, s.indexed.context(), s.indexed.spec());
      state[s.index] = idx;
      persister.setValue(entity, s.index, idx);
    }
  }

  private List<Slot> slotsOf(EntityPersister persister) {
    List<SearchIndexes.Indexed> list = indexes.of(persister.getEntityName());
    if (list.isEmpty()) {
      return List.of();
    }
    String[] names = persister.getPropertyNames();
    return list.stream()
        .map(i -> new Slot(position(names, i.attribute()), position(names, i.indexAttribute()), i))
        .toList();
  }

  private static int position(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new org.hibernate.MappingException(
        "fieldcrypt: the persister has no attribute " + name + " that the metadata named");
  }
}
